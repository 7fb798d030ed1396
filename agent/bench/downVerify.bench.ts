// What verifying before acting costs the agent (issue #14): down messages checked per second on one
// core, with @noble/ed25519 and with node:crypto, in a child process running the V8 flags of
// `tet-agent`'s shebang (interpreter only: --lite-mode), as on a device. A receipt is opened
// (strict decoding and the Ed25519 signature); a forged one goes the whole way through the agent's
// DownHandler (opened, refused, counted, logged), which is what a flood on `down` costs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DownHandler } from "@tet/agent/test-support";
import {
  type Ed25519Verifier,
  generatePrivateKey,
  nobleSigner,
  nobleVerifier,
  objectIdToText,
  openStatement,
  signStatement,
} from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import { opsPerSecond, report } from "../../scripts/bench/report.js";
import type { AgentStatus } from "../src/index.js";
import { Authority, CommandRegistry, Outbox, SeenCommands } from "../src/index.js";

const self = fileURLToPath(import.meta.url);
const obj = new Uint8Array(16).fill(3);
const log = nobleSigner(generatePrivateKey());
const receipt = signStatement({ v: 1, t: "receipt", ts: Date.now(), obj, seq: 5, index: 9 }, log);
const forged = new Uint8Array(receipt);
forged[forged.length - 1]! ^= 1;

function measure(): void {
  const rows: { name: string; value: number }[] = [];
  for (const v of [nobleVerifier, nodeVerifier] as Ed25519Verifier[])
    rows.push({
      name: `down receipt opened (${v.name})`,
      value: opsPerSecond(() => openStatement(receipt, { verifier: v }), 2000),
    });
  const dir = mkdtempSync(join(tmpdir(), "tet-down-bench-"));
  try {
    const device = nobleSigner(generatePrivateKey());
    const outbox = Outbox.open({
      dir: join(dir, "outbox"),
      objectId: obj,
      signer: device,
      holdUntilHead: true,
    });
    const status: AgentStatus = {
      pid: process.pid,
      objectId: objectIdToText(obj),
      broker: "mqtt://[::1]:1883",
      startedAt: Date.now(),
      updatedAt: Date.now(),
      link: "offline",
      enrolment: "unknown",
      outbox: outbox.stats(),
      lastReceipt: null,
      lastRefusal: null,
      ignored: { total: 0, byCode: {}, last: null },
      lastRebase: null,
      outboxDamage: null,
    };
    const down = new DownHandler({
      objectId: obj,
      logKey: log.publicKey,
      verifier: nodeVerifier,
      outbox,
      authority: new Authority(obj, nodeVerifier),
      registry: new CommandRegistry(),
      seen: new SeenCommands(dir, Date.now()),
      status,
      now: Date.now,
      log: () => {},
      authorityChanged: () => {},
      receipt: () => {},
      store: () => {},
    });
    rows.push({
      name: "forged receipt ignored (node:crypto)",
      value: opsPerSecond(() => void down.handle(forged), 2000),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(rows)}\n`);
}

if (process.argv[2] === "child") measure();
else {
  const shebang = readFileSync(join(self, "../../bin/tet-agent.js"), "utf8").split("\n", 1)[0]!;
  const flags = shebang.split(" ").filter((f) => f.startsWith("--"));
  const r = spawnSync(
    process.execPath,
    [...flags, "--conditions=@tet/source", "--import", "tsx", self, "child"],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const rows = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "[]") as { name: string; value: number }[];
  for (const row of rows)
    report({
      suite: "agent",
      ...row,
      unit: "msg/s",
      note: `one core, the agent's V8 flags (${flags.join(" ")})`,
    });
}
