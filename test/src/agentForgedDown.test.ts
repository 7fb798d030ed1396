// Issue #14: forged receipts and commands on a device's down topic, published through the embedded
// broker by a client allowed to publish there (the backend's own credential, DATA/backend-token),
// are ignored by a real `tet-agent run`: its outbox keeps every unacknowledged statement, which all
// reach the ledger exactly once afterwards, and the forged command never runs. The same scenario
// through a real Mosquitto reuses `forgedDownScenario` (support/forgedDown.ts).
import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteStore } from "@tet/backend";
import {
  didKeyFromPublicKey,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  parseStatement,
  publicKeyFromDidKey,
  type Statement,
  signStatement,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgedDownScenario, publishDown, serveReady, spawnBin } from "./support/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tet-forged-down-"));
const data = join(dir, "backend");
const children = new Set<ChildProcess>();
let ready: { logKey: string; http: string[]; mqtt: string[] };

const bin = (script: string, args: string[]) => spawnBin(script, args, { cwd: dir, children });

beforeAll(async () => {
  const backend = bin("backend/bin/tet-backend.js", [
    "serve",
    ...["--data", data, "--http-port", "0", "--mqtt-port", "0", "--ws-port", "0", "--chain", "off"],
  ]);
  ready = await serveReady(backend);
}, 60_000);
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("a real tet-agent behind the embedded broker", () => {
  it("ignores a forged receipt and a forged command on its down, and every statement reaches the ledger once", {
    timeout: 120_000,
  }, async () => {
    // An avatar whose genesis binds a device key made by `tet-agent keygen` (it prints the did:key).
    const agentDir = join(dir, "agent");
    const tetAgent = (...args: string[]) =>
      execFileSync(process.execPath, [join(root, "agent/bin/tet-agent.js"), ...args], {
        cwd: dir,
        stdio: "pipe",
      })
        .toString()
        .trim();
    const deviceDid = tetAgent("keygen", "--out", join(dir, "device.pem"));
    expect(deviceDid).toMatch(/^did:key:z6Mk/);
    const owner = nodeSigner(generatePrivateKey());
    const genesis = signStatement(
      {
        v: 1,
        t: "genesis",
        ts: Date.now(),
        owner: didKeyFromPublicKey(owner.publicKey),
        class: "lamp",
        deviceKeys: [publicKeyFromDidKey(deviceDid)],
        nonce: generatePrivateKey().subarray(0, 16),
      },
      owner,
    );
    const posted = await fetch(`${ready.http[0]}/v1/statements`, {
      method: "POST",
      headers: { "content-type": "application/cose" },
      body: Buffer.from(genesis),
    });
    expect(posted.status).toBe(201);
    const object = objectIdFromGenesis(genesis);
    const objectId = objectIdToText(object);
    writeFileSync(join(dir, "genesis.cose"), genesis);
    const config = join(dir, "tet-agent.toml");
    writeFileSync(
      config,
      [
        "[agent]",
        `object = "${objectId}"`,
        `key = "device.pem"`,
        `data = "agent"`,
        `genesis = "genesis.cose"`,
        "[broker]",
        `url = "${ready.mqtt[0]}"`,
        `log_key = "${ready.logKey}"`,
        "keepalive = 10",
        "backoff_min = 0.05",
        "backoff_max = 0.5",
        "[[sensor]]",
        'driver = "exec"',
        'command = ["date", "+{\\"n\\": %s.%N}"]',
        "interval = 0.1",
        "",
      ].join("\n"),
    );
    const agent = bin("agent/bin/tet-agent.js", ["run", "--config", config]);
    const db = join(data, "ledger.db");
    await forgedDownScenario({
      object,
      logKey: publicKeyFromDidKey(ready.logKey),
      ownerKey: owner.publicKey,
      db,
      agentData: agentDir,
      publishDown: (messages) =>
        publishDown({
          url: ready.mqtt[0] as string,
          username: "tet-backend",
          password: readFileSync(join(data, "backend-token"), "utf8").trim(),
          objectId,
          messages,
        }),
      ledger: async () => {
        const store = await SqliteStore.open(db);
        try {
          const entries = await store.entriesByObject(object, { limit: 10_000 });
          return entries.flatMap((e): Statement[] =>
            e.seq === null ? [] : [parseStatement(e.bytes as Uint8Array).statement],
          );
        } finally {
          await store.close();
        }
      },
    });
    const ignored = agent.stderr.filter((l) => l.includes("down ignored:"));
    expect(ignored.map((l) => / down ignored: (\S+)/.exec(l)?.[1])).toEqual([
      "COSE_BAD_SIGNATURE",
      "COSE_BAD_SIGNATURE",
      "RECEIPT_INVALID",
      "COSE_BAD_SIGNATURE",
    ]);
    const status = tetAgent("status", "--config", config);
    expect(status).toMatch(
      /^ignored\s+4 down message\(s\) that did not verify \(COSE_BAD_SIGNATURE 3, RECEIPT_INVALID 1\)/m,
    );
    agent.p.kill("SIGTERM");
    expect(await agent.exited).toBe(0);
  });
});
