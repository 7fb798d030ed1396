import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  didKeyFromPublicKey,
  generatePrivateKey,
  objectIdFromGenesis,
  sha256,
  signStatement,
} from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../commandLine/index.js";
import { SqliteStore, StatementLedger } from "../ledger/index.js";
import { main } from "./tet-backend.js";

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (c) => {
      stdout += typeof c === "string" ? c : Buffer.from(c).toString("utf8");
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => new Uint8Array(),
  };
  return { code: await main(argv, io), stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), "tet-backend-cli-"));
const db = join(dir, "ledger.db");

beforeAll(async () => {
  const ledger = await StatementLedger.open({
    store: SqliteStore.open(db),
    origin: "cli.test/log",
    signer: nodeSigner(generatePrivateKey()),
    verifier: nodeVerifier,
  });
  const owner = nodeSigner(generatePrivateKey());
  const device = nodeSigner(generatePrivateKey());
  const genesis = signStatement(
    {
      v: 1,
      t: "genesis",
      ts: 1,
      owner: didKeyFromPublicKey(owner.publicKey),
      class: "lamp",
      deviceKeys: [device.publicKey],
      nonce: new Uint8Array(8),
    },
    owner,
  );
  await ledger.append(genesis);
  const obj = objectIdFromGenesis(genesis);
  let prev: Uint8Array = new Uint8Array(32);
  for (let seq = 1; seq <= 5; seq++) {
    const bytes = signStatement(
      { v: 1, t: "state", ts: seq, obj, seq, prev, readings: { on: { v: seq % 2 === 0 } } },
      device,
    );
    prev = sha256(bytes);
    await ledger.append(bytes);
  }
  await ledger.close();
  await ledger.log.store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digests = (out: string) => ({
  before: /^before\s+([0-9a-f]{64})/m.exec(out)?.[1],
  after: /^after\s+([0-9a-f]{64})/m.exec(out)?.[1],
});

describe("tet-backend rebuild", () => {
  it("re-derives the projections with an identical digest", async () => {
    const r = await run(["rebuild", "--db", db]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^entries\s+6$/m);
    expect(r.stdout).toMatch(/^identical yes$/m);
    const { before, after } = digests(r.stdout);
    expect(before).toBe(after);
  });

  it("repairs projections that drifted from the log", async () => {
    const clean = digests((await run(["rebuild", "--db", db])).stdout).after;
    const store = SqliteStore.open(db);
    store.database.exec("DELETE FROM projections WHERE kind = 'state'");
    await store.close();
    const r = await run(["rebuild", "--db", db]);
    expect(r.stdout).toMatch(/^identical no$/m);
    expect(r.code).toBe(1);
    expect(digests(r.stdout).after).toBe(clean);
  });

  it("reports an edited authority row as a difference and rebuilds it from the log (issue 23, item 5)", async () => {
    const store = SqliteStore.open(db);
    const attacker = didKeyFromPublicKey(nodeSigner(generatePrivateKey()).publicKey);
    const row = store.database
      .prepare("SELECT object, value FROM projections WHERE kind = 'object'")
      .get() as {
      object: Buffer;
      value: string;
    };
    const edited = JSON.stringify({ ...JSON.parse(row.value), owner: attacker });
    store.database.prepare("UPDATE projections SET value = ? WHERE kind = 'object'").run(edited);
    await store.close();
    const check = await run(["rebuild", "--db", db, "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^differ\s+1 changed, 0 not from the log, 0 missing$/m);
    expect(check.stdout).toMatch(/^ {2}changed [0-9a-f]{32} object $/m);
    expect(check.stdout).toMatch(/^identical no$/m);
    const fixed = await run(["rebuild", "--db", db]);
    expect(fixed.code).toBe(1);
    const again = await run(["rebuild", "--db", db]);
    expect(again.stdout).toMatch(/^identical yes$/m);
    const back = SqliteStore.open(db);
    const owner = back.database.prepare("SELECT value FROM projections WHERE kind = 'object'").get() as {
      value: string;
    };
    await back.close();
    expect(JSON.parse(owner.value).owner).not.toBe(attacker);
  });

  it("refuses a missing database and unknown options with usage errors", async () => {
    expect((await run(["rebuild", "--db", join(dir, "missing.db")])).code).toBe(2);
    expect((await run(["rebuild", "--bogus", "1"])).code).toBe(2);
    expect((await run(["nope"])).code).toBe(2);
  });

  it("runs as a program", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        new URL("../../bin/tet-backend.js", import.meta.url).pathname, // the installed bin (built code)
        "rebuild",
        "--db",
        db,
      ],
      { encoding: "utf8" },
    );
    expect(stdout).toMatch(/^identical yes$/m);
  });
});
