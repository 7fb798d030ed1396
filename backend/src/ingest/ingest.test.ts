import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, openStatement, type Statement, sha256, signStatement } from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteStore, StatementLedger, signChained } from "../ledger/index.js";
import { Ingest, SimulatedDevice } from "./index.js";

const logKey = nodeSigner(generatePrivateKey());
let dir: string;
let ledger: StatementLedger;
let ingest: Ingest;
let down: { topic: string; s: Statement }[];
let lines: string[];

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const receipts = () =>
  down.filter((d) => d.s.t === "receipt").map((d) => d.s as Extract<Statement, { t: "receipt" }>);

for (const threads of [0, 2]) {
  describe(`Ingest with ${threads} verify threads`, () => {
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), "tet-ingest-"));
      const store = await SqliteStore.open(join(dir, "ledger.db"));
      ledger = await StatementLedger.open({
        store,
        origin: "test.tet/log",
        signer: logKey,
        verifier: nodeVerifier,
      });
      lines = [];
      ingest = new Ingest({
        ledger,
        signer: logKey,
        verify: { threads },
        log: (l) => lines.push(l),
      });
      down = [];
      ingest.addDownlink((topic, payload) =>
        down.push({ topic, s: openStatement(payload, { verifier: nodeVerifier }).statement }),
      );
    });
    afterEach(async () => {
      await ingest.close();
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("appends a chain in order once, and answers duplicates with the same coalesced receipt", async () => {
      const d = SimulatedDevice.create();
      await ledger.append(d.genesis);
      const chain = Array.from({ length: 200 }, () => d.state());
      const out = await Promise.all(chain.map((b) => ingest.submit(d.objectId, b)));
      expect(out.every((o) => o.ok && !o.duplicate)).toBe(true);
      expect(ledger.log.size).toBe(201);
      await until(() => receipts().some((r) => r.seq === 200), "the receipt for seq 200");
      const last = receipts().at(-1);
      expect(last).toMatchObject({ seq: 200, index: 200 });
      expect(last?.refused).toBeUndefined();
      expect(receipts().length).toBeLessThan(200); // coalesced per group commit
      const before = receipts().length;
      const again = await ingest.submit(d.objectId, chain[10] as Uint8Array);
      expect(again).toEqual({ ok: true, seq: 11, index: 11, duplicate: true });
      await until(() => receipts().length > before, "the duplicate's receipt");
      expect(receipts().at(-1)).toMatchObject({ seq: 200, index: 200 });
      expect(ledger.log.size).toBe(201);
      expect(ingest.metrics().ingest_accepted?.total).toBe(200);
      expect(ingest.metrics().ingest_duplicate?.total).toBe(1);
    });

    it("refuses each defect with its code, a counter, one log line and a signed refused receipt; stores nothing", async () => {
      const d = SimulatedDevice.create();
      const other = SimulatedDevice.create();
      await ledger.append(d.genesis);
      await ledger.append(other.genesis);
      const size = ledger.log.size;
      const good = d.state();
      const badSig = Uint8Array.from(good);
      badSig[badSig.length - 1] = (badSig[badSig.length - 1] as number) ^ 1;
      const unbound = signStatement(
        { v: 1, t: "state", ts: Date.now(), obj: d.object, seq: 1, prev: new Uint8Array(32), readings: {} },
        nodeSigner(generatePrivateKey()),
      );
      d.state(); // seq 2 skipped below: seq 3 is a gap
      const gap = d.state();
      const cases: [Uint8Array, string][] = [
        [new Uint8Array(17 * 1024), "TOO_LARGE"],
        [new Uint8Array([1, 2, 3]), "INVALID_STATEMENT"],
        [d.genesis, "NOT_DEVICE_STATEMENT"],
        [other.state(), "WRONG_OBJECT"],
        [badSig, "BAD_SIGNATURE"],
        [unbound, "KEY_NOT_BOUND"],
        [gap, "SEQ_GAP"],
      ];
      for (const [bytes, code] of cases) {
        down.length = 0;
        const n = lines.length;
        expect(await ingest.submit(d.objectId, bytes)).toEqual({ ok: false, code });
        await until(() => receipts().length > 0, `the refused receipt for ${code}`);
        expect(receipts()[0]?.refused?.code).toBe(code);
        expect(receipts()[0]?.seq).toBe(0);
        expect(lines.length - n).toBe(1);
        expect(lines.at(-1)).toContain(code);
        expect(ingest.metrics().ingest_refused?.[code]).toBe(1);
      }
      expect(ledger.log.size).toBe(size);
      // A fork: seq 1 with a wrong prev, after a good seq 1 makes it a replay of a taken seq.
      expect(await ingest.submit(d.objectId, good)).toMatchObject({ ok: true, seq: 1 });
      const fork = signStatement(
        {
          v: 1,
          t: "state",
          ts: Date.now(),
          obj: d.object,
          seq: 2,
          prev: new Uint8Array(32).fill(7),
          readings: {},
        },
        d.device,
      );
      expect(await ingest.submit(d.objectId, fork)).toEqual({ ok: false, code: "CHAIN_FORK" });
      expect(ledger.log.size).toBe(size + 1);
    });

    it("offer (a broker's submit, no promise): the same refusals — code, counter, log line, refused receipt — and the same ordered appends", async () => {
      const d = SimulatedDevice.create();
      await ledger.append(d.genesis);
      const size = ledger.log.size;
      const good = d.state();
      const badSig = Uint8Array.from(good);
      badSig[badSig.length - 1] = (badSig[badSig.length - 1] as number) ^ 1;
      const cases: [string, Uint8Array, string][] = [
        ["not-an-object-id", good, "TOPIC_INVALID"],
        [d.objectId, new Uint8Array(17 * 1024), "TOO_LARGE"],
        [d.objectId, new Uint8Array([1, 2, 3]), "INVALID_STATEMENT"],
        [d.objectId, d.genesis, "NOT_DEVICE_STATEMENT"],
        [d.objectId, badSig, "BAD_SIGNATURE"],
      ];
      for (const [topic, bytes, code] of cases) {
        down.length = 0;
        const n = lines.length;
        expect(ingest.offer(topic, bytes)).toBeUndefined();
        await until(() => ingest.metrics().ingest_refused?.[code] === 1, `the ${code} counter`);
        expect(lines.length - n).toBe(1);
        expect(lines.at(-1)).toContain(code);
        if (code !== "TOPIC_INVALID") {
          await until(() => receipts().length > 0, `the refused receipt for ${code}`);
          expect(receipts()[0]?.refused?.code).toBe(code);
        }
      }
      expect(ledger.log.size).toBe(size);
      down.length = 0;
      const chain = [good, ...Array.from({ length: 99 }, () => d.state())];
      for (const b of chain) ingest.offer(d.objectId, b);
      await until(() => receipts().some((r) => r.seq === 100), "the receipt for seq 100");
      expect(ledger.log.size).toBe(size + 100);
      expect(ingest.metrics().ingest_accepted?.total).toBe(100);
      expect(ingest.queued).toBe(0);
    });

    it("sends the authority chain, then the latest receipt, when a device subscribes", async () => {
      const d = SimulatedDevice.create();
      await ledger.append(d.genesis);
      await until(() => down.length === 1, "the genesis pushed by onAppended");
      down.length = 0;
      await ingest.deviceSubscribed(d.objectId);
      expect(down.map((x) => x.s.t)).toEqual(["genesis", "receipt"]);
      expect(down[1]?.s).toMatchObject({ seq: 0, index: 0, hash: new Uint8Array(32) });
      down.length = 0;
      const first = d.state();
      await ingest.submit(d.objectId, first);
      await until(() => receipts().length === 1, "a receipt");
      down.length = 0;
      await ingest.deviceSubscribed(d.objectId);
      expect(down.map((x) => x.s.t)).toEqual(["genesis", "receipt"]);
      expect(down[1]?.s).toMatchObject({ seq: 1, index: 1, hash: sha256(first) });
      expect(down.every((x) => x.topic === `tet/v1/o/${d.objectId}/down`)).toBe(true);
    });

    it("names the head statement's hash in receipts after a restart too (read from the head projection)", async () => {
      const d = SimulatedDevice.create();
      await ledger.append(d.genesis);
      const chain = [d.state(), d.state()];
      for (const b of chain) await ingest.submit(d.objectId, b);
      const fresh = new Ingest({ ledger, signer: logKey, verify: { threads: 0 }, log: () => {} });
      const sent: Statement[] = [];
      fresh.addDownlink((_t, p) => sent.push(openStatement(p, { verifier: nodeVerifier }).statement));
      await fresh.deviceSubscribed(d.objectId);
      await fresh.close();
      expect(sent.at(-1)).toMatchObject({ t: "receipt", seq: 2, hash: sha256(chain[1] as Uint8Array) });
    });

    it("pushes a key statement appended by any path to the device, and includes it in the chain from then on", async () => {
      const d = SimulatedDevice.create();
      await ledger.append(d.genesis);
      const added = nodeSigner(generatePrivateKey()).publicKey;
      const key = await signChained(
        ledger,
        { t: "key", ts: Date.now(), obj: d.object, action: "add", key: added, role: "device" },
        d.owner,
      );
      down.length = 0;
      await ledger.append(key);
      await until(() => down.some((x) => x.s.t === "key"), "the key statement on down");
      down.length = 0;
      await ingest.deviceSubscribed(d.objectId);
      expect(down.map((x) => x.s.t)).toEqual(["genesis", "key", "receipt"]);
    });

    it("sends a connection nothing again on a repeated subscription unless its chain changed (since)", async () => {
      const d = SimulatedDevice.create();
      await ledger.append(d.genesis);
      await until(() => down.length === 1, "the genesis pushed by onAppended");
      down.length = 0;
      const first = await ingest.deviceSubscribed(d.objectId);
      for (let i = 0; i < 20; i++)
        expect(await ingest.deviceSubscribed(d.objectId, { since: first })).toEqual(first);
      expect(down.map((x) => x.s.t)).toEqual(["genesis", "receipt"]); // the receipt at seq 0
      expect(ingest.metrics().ingest_down_sync).toEqual({ total: 1, coalesced: 20 });
      const key = d.authority({
        t: "key",
        action: "add",
        key: nodeSigner(generatePrivateKey()).publicKey,
        role: "device",
      });
      await ledger.append(key);
      await until(() => down.some((x) => x.s.t === "key"), "the key statement pushed live");
      down.length = 0;
      expect(await ingest.deviceSubscribed(d.objectId, { since: first })).toEqual({ chain: 2 });
      expect(down.map((x) => x.s.t)).toEqual(["genesis", "key", "receipt"]);
    });
    it("drained(below) resolves at once below the mark, and otherwise once enough statements have left", async () => {
      const d = SimulatedDevice.create();
      await ledger.append(d.genesis);
      await expect(ingest.drained(1)).resolves.toBeUndefined();
      const all = Array.from({ length: 100 }, () => ingest.submit(d.objectId, d.state()));
      expect(ingest.queued).toBe(100);
      const queuedWhenDrained = await ingest.drained(10).then(() => ingest.queued);
      expect(queuedWhenDrained).toBeLessThan(10);
      await Promise.all(all);
      expect(ingest.queued).toBe(0);
      expect(ledger.log.size).toBe(101);
    });
  });
}
