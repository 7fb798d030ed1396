import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  generatePrivateKey,
  leafHash,
  MemoryTree,
  nobleVerifier,
  openCheckpoint,
  publicKeyOf,
  verifyConsistency,
  verifyInclusion,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "./embeddedPostgres.js";
import { MerkleLog } from "./merkleLog.js";
import { openStore } from "./openStore.js";

const dir = mkdtempSync(join(tmpdir(), "tet-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "ledger.db");
const privateKey = generatePrivateKey();
const origin = "crash.test/log";
const key = { name: origin, publicKey: publicKeyOf(privateKey) };
const payload = (i: number) => new TextEncoder().encode(`entry ${i} ${"x".repeat(i % 97)}`);

// The child appends forever in bursts through a real MerkleLog on the SQLite file and prints the
// highest index it has seen acknowledged after each burst.
const child = `
  const { MerkleLog } = await import(${JSON.stringify(new URL("./merkleLog.ts", import.meta.url).pathname)});
  const { openStore } = await import(${JSON.stringify(new URL("./openStore.ts", import.meta.url).pathname)});
  const { nodeSigner } = await import("@tet/schemas/node");
  const signer = nodeSigner(Uint8Array.from(Buffer.from(process.env.KEY, "hex")));
  const store = await openStore(process.env.PG ? { pg: process.env.PG } : { db: process.env.DB });
  const ledger = await MerkleLog.open({ store, origin: ${JSON.stringify(origin)}, signer,
    batchSize: 1 + Math.floor(Math.random() * 64), batchMs: 1, checkpointEvery: 1 + Math.floor(Math.random() * 300), checkpointMs: 5 });
  const payload = (i) => new TextEncoder().encode("entry " + i + " " + "x".repeat(i % 97));
  for (;;) {
    const burst = 1 + Math.floor(Math.random() * 200);
    const acks = [];
    for (let k = 0; k < burst; k++) {
      const i = ledger.size;
      acks.push(ledger.append({ bytes: payload(i), object: null, seq: null, kind: "state", ts: i }));
    }
    const indices = await Promise.all(acks);
    process.stdout.write("ACK " + Math.max(...indices) + "\\n");
  }
`;

/** Runs the child until it has acknowledged `bursts` bursts, then SIGKILLs it; returns the highest ack. */
function crashAfter(bursts: number, target: { db?: string; pg?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ["--conditions=@tet/source", "--import", "tsx", "--input-type=module", "-e", child],
      {
        env: {
          ...process.env,
          DB: target.db ?? "",
          PG: target.pg ?? "",
          KEY: Buffer.from(privateKey).toString("hex"),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let highest = -1;
    let seen = 0;
    let buf = "";
    let err = "";
    p.stderr.on("data", (c) => {
      err += c;
    });
    p.stdout.on("data", (c: Buffer) => {
      buf += c.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) {
        highest = Math.max(highest, Number(line.slice(4)));
        if (++seen === bursts) p.kill("SIGKILL");
      }
    });
    p.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve(highest);
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
}

let pgServer: EmbeddedPostgresServer | undefined;
beforeAll(async () => {
  pgServer = await startEmbeddedPostgres();
});
afterAll(async () => {
  await pgServer?.stop();
});

const targets: [string, () => Promise<{ db?: string; pg?: string }>][] = [
  ["SQLite", async () => ({ db: file })],
  ["PostgreSQL", async () => ({ pg: await (pgServer as EmbeddedPostgresServer).createDatabase("crash") })],
];

describe.each(targets)("crash safety on %s (SIGKILL during batched appends)", (_, target) => {
  it("keeps every acknowledged entry and a log whose checkpoints stay mutually consistent", async () => {
    const where = await target();
    let acknowledged = -1;
    for (let round = 0; round < 4; round++) {
      acknowledged = Math.max(acknowledged, await crashAfter(1 + Math.floor(Math.random() * 25), where));
      const store = await openStore(where);
      const ledger = await MerkleLog.open({ store, origin, signer: nodeSigner(privateKey) });
      expect(ledger.size).toBeGreaterThan(acknowledged);
      // Every leaf is the expected payload and the stored tree equals an independent rebuild.
      const reference = new MemoryTree();
      for (const e of await store.entries(0, ledger.size)) {
        expect(e.leafHash).toEqual(leafHash(payload(e.index)));
        reference.appendLeafHash(e.leafHash);
      }
      expect(reference.size).toBe(ledger.size);
      const next = await ledger.checkpoint();
      const cps = await store.checkpoints();
      expect(cps.at(-1)).toEqual(next);
      for (const cp of cps) {
        expect(openCheckpoint(cp.note, { key, verifier: nobleVerifier }).root).toEqual(cp.root);
        expect(reference.root(cp.size)).toEqual(cp.root);
        const proof = await ledger.consistencyProof(cp.size, next?.size as number);
        const claim = {
          size1: cp.size,
          size2: next?.size as number,
          root1: cp.root,
          root2: next?.root as Uint8Array,
        };
        expect(verifyConsistency({ ...claim, proof })).toBe(true);
      }
      const p = await ledger.inclusionProof(acknowledged, next?.size);
      expect(verifyInclusion({ ...p, root: next?.root as Uint8Array })).toBe(true);
      await ledger.close();
      await store.close();
    }
  });
});
