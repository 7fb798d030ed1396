import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CborValue,
  decodeStrict,
  didKeyFromPublicKey,
  encode,
  encodeKeyFile,
  formatVerifierKey,
  generatePrivateKey,
  nobleVerifier,
  signCheckpoint,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportBundle, verifyBundle } from "../../api/index.js";
import { Actor, Device, genesis, openTestLedger } from "../../test-support/index.js";
import { runTetInProcess } from "./runTetInProcess.js";

let fx: Awaited<ReturnType<typeof openTestLedger>>;
let bundle: Uint8Array;
let laterCheckpoint: string;
const owner = new Actor();
const buyer = new Actor();
const device = new Device();
const g = genesis(owner, { devices: [device] });
let logDid: string;

type Entry = Map<string, CborValue>;
/** The bundle decoded for tampering, and a function that re-encodes it. */
const open = () => {
  const m = decodeStrict(bundle, { maxBytes: 1 << 24, tags: [] }) as Map<string, CborValue>;
  return { m, entries: m.get("entries") as Entry[], bytes: () => encode(m) };
};

beforeAll(async () => {
  fx = await openTestLedger();
  logDid = didKeyFromPublicKey(fx.ledger.logKey);
  await fx.ledger.append(g.bytes);
  const other = genesis(new Actor());
  await fx.ledger.append(other.bytes);
  for (let i = 0; i < 6; i++) await fx.ledger.append(device.state(g.obj, { w: { v: i, u: "W" } }));
  await fx.ledger.append(
    await fx.chain(owner, { v: 1, t: "transfer", ts: Date.now(), obj: g.obj, to: buyer.did }),
  );
  await fx.ledger.append(
    await fx.chain(buyer, {
      v: 1,
      t: "relation",
      ts: Date.now(),
      obj: g.obj,
      rel: "part-of",
      target: other.obj,
      action: "add",
    }),
  );
  await fx.ledger.log.checkpoint();
  bundle = await exportBundle(fx.ledger, g.id);
  await fx.ledger.append(device.state(g.obj, { w: { v: 9, u: "W" } }));
  laterCheckpoint = (await fx.ledger.log.checkpoint())?.note as string;
});
afterAll(() => fx.close());

/** Writes bytes to a file and runs `tet verify` on it with the log's did:key. */
async function tetVerify(bytes: Uint8Array, logKey = logDid) {
  const file = join(fx.dir, `b${Math.random().toString(36).slice(2)}.cbor`);
  writeFileSync(file, bytes);
  return runTetInProcess(["verify", file, "--log-key", logKey]);
}
const codeOf = (r: { stderr: string }) => /^error (\w+):/.exec(r.stderr)?.[1];

describe("tet verify", () => {
  it("verifies an untampered bundle and prints a summary (did:key, verifier key or PEM file as --log-key)", async () => {
    const r = await tetVerify(bundle);
    expect(r.code).toBe(0);
    expect(r.text).toContain("verified    OK");
    expect(r.text).toContain(`owners      ${owner.did} → ${buyer.did}`);
    expect(r.text).toContain("chain of 6 statements");
    expect(
      (await tetVerify(bundle, formatVerifierKey({ name: "test.tet/log", publicKey: fx.ledger.logKey })))
        .code,
    ).toBe(0);
    const pem = join(fx.dir, "log.pem");
    writeFileSync(pem, encodeKeyFile(fx.logKey));
    expect((await tetVerify(bundle, pem)).code).toBe(0);
  });

  it("the browser's verifier (noble) agrees", async () => {
    expect(await verifyBundle(bundle, { logKey: fx.ledger.logKey, verifier: nobleVerifier })).toMatchObject({
      ok: true,
      statements: 9,
    });
  });

  it("refuses a changed byte in any statement (BUNDLE_BAD_STATEMENT or BUNDLE_BAD_SIGNATURE)", async () => {
    const n = open().entries.length;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(n - 1),
        fc.nat(10_000),
        fc.integer({ min: 1, max: 255 }),
        async (k, pos, xor) => {
          const t = open();
          const s = new Uint8Array(t.entries[k]?.get("statement") as Uint8Array);
          s[pos % s.length] = (s[pos % s.length] as number) ^ xor;
          t.entries[k]?.set("statement", s);
          const r = await verifyBundle(t.bytes(), { logKey: fx.ledger.logKey, verifier: nobleVerifier });
          expect(r.ok).toBe(false);
          expect(["BUNDLE_BAD_STATEMENT", "BUNDLE_BAD_SIGNATURE"]).toContain(!r.ok && r.code);
          expect(!r.ok && r.entry).toBe(k);
        },
      ),
      { numRuns: 40 },
    );
    const t = open();
    const s = new Uint8Array(t.entries[3]?.get("statement") as Uint8Array);
    s[s.length - 1] = (s[s.length - 1] as number) ^ 1; // the signature's last byte
    t.entries[3]?.set("statement", s);
    const r = await tetVerify(t.bytes());
    expect([r.code, codeOf(r)]).toEqual([1, "BUNDLE_BAD_SIGNATURE"]);
  });

  it("refuses a removed statement: a device statement (BUNDLE_CHAIN_GAP), the genesis (BUNDLE_NO_GENESIS), a transfer (BUNDLE_AUTHORITY_UNLINKED: the next authority statement names it)", async () => {
    const cases: [number, string][] = [
      [3, "BUNDLE_CHAIN_GAP"],
      [0, "BUNDLE_NO_GENESIS"],
      [7, "BUNDLE_AUTHORITY_UNLINKED"],
    ];
    for (const [k, code] of cases) {
      const t = open();
      t.entries.splice(k, 1);
      const r = await tetVerify(t.bytes());
      expect([r.code, codeOf(r)]).toEqual([1, code]);
    }
  });

  it("refuses a proof for another tree (BUNDLE_BAD_PROOF): a later checkpoint, or another entry's proof", async () => {
    const t = open();
    t.m.set("checkpoint", laterCheckpoint);
    const r = await tetVerify(t.bytes());
    expect([r.code, codeOf(r)]).toEqual([1, "BUNDLE_BAD_PROOF"]);
    const u = open();
    u.entries[2]?.set("proof", u.entries[5]?.get("proof") as CborValue);
    expect(codeOf(await tetVerify(u.bytes()))).toBe("BUNDLE_BAD_PROOF");
  });

  it("refuses a checkpoint signed by another key (BUNDLE_BAD_CHECKPOINT_SIGNATURE), and the right bundle under another --log-key", async () => {
    const t = open();
    const note = t.m.get("checkpoint") as string;
    const body = note.slice(0, note.indexOf("\n\n") + 1);
    const [origin, size, root] = body.trim().split("\n") as [string, string, string];
    const forged = signCheckpoint(
      { origin, size: Number(size), root: new Uint8Array(Buffer.from(root, "base64")) },
      { signer: nodeSigner(generatePrivateKey()) },
    );
    t.m.set("checkpoint", forged);
    const r = await tetVerify(t.bytes());
    expect([r.code, codeOf(r)]).toEqual([1, "BUNDLE_BAD_CHECKPOINT_SIGNATURE"]);
    const other = await tetVerify(bundle, new Actor().did);
    expect(codeOf(other)).toBe("BUNDLE_BAD_CHECKPOINT_SIGNATURE");
  });

  it("refuses what is not a bundle, and a future version, with their codes", async () => {
    expect(codeOf(await tetVerify(new Uint8Array([1, 2, 3])))).toBe("BUNDLE_MALFORMED");
    const t = open();
    t.m.set("v", 2);
    expect(codeOf(await tetVerify(t.bytes()))).toBe("BUNDLE_BAD_VERSION");
    const usage = await runTetInProcess(["verify", "x.cbor"]);
    expect(usage.code).toBe(2);
  });
});
