// Issue 23 item 7 over HTTP: an attacker who can write the SQLite file edits a stored statement — a
// document's URI pointed at their own host — with and without its leaf hash. Every route that
// serves the bytes (or what they say) answers 500 LOG_CORRUPT instead, and the others still serve.
import { join } from "node:path";
import { leafHash } from "@tet/schemas";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "./createApi.js";
import { Actor, Device, genesis, openTestLedger } from "./fixture.js";

let fx: Awaited<ReturnType<typeof openTestLedger>>;
let app: ReturnType<typeof createApi>;
const owner = new Actor();
const device = new Device();
const T = 1_800_000_000_000;
const victims = [genesis(owner, { devices: [device], name: "Lamp", ts: T }), genesis(owner, { ts: T })];
// The bystander's entries fill the first block of 16 leaves, the victims' the second: a leaf edited
// in one block breaks only the proofs folded from that block's leaves.
const sensor = new Device();
const bystander = genesis(new Actor(), { devices: [sensor], name: "Sauna", ts: T });
const filler = new Device();
const other = genesis(new Actor(), { devices: [filler], ts: T });
const docIndex: number[] = [];

const document = (obj: Uint8Array) =>
  owner.sign({
    ...{ v: 1, t: "document", ts: T + 10, obj, title: "Manual" },
    uri: "https://lumo.example/manual.pdf", // the attacker's target: a link on the passport
    mediaType: "application/pdf",
    hash: new Uint8Array(32),
  });

/** The attacker: rewrites entry `index` in the file behind the backend, its leaf hash too if asked. */
function rewrite(index: number, withLeaf: boolean) {
  const db = new Database(join(fx.dir, "ledger.db"));
  db.exec("DROP TRIGGER IF EXISTS entries_no_update");
  const { bytes } = db.prepare("SELECT bytes FROM entries WHERE idx = ?").get(index) as { bytes: Buffer };
  const evil = Buffer.from(bytes.toString("latin1").replace("lumo.example", "evil.example"), "latin1");
  expect(evil.equals(bytes)).toBe(false);
  db.prepare(`UPDATE entries SET bytes = ?${withLeaf ? ", leaf = ?" : ""} WHERE idx = ?`).run(
    ...(withLeaf ? [evil, leafHash(evil), index] : [evil, index]),
  );
  db.close();
}

beforeAll(async () => {
  fx = await openTestLedger({ now: () => T + 3_600_000 });
  app = createApi({ ledger: fx.ledger, rateLimit: false, web: false, now: () => T + 10_000 });
  await fx.ledger.append(bystander.bytes);
  for (let i = 0; i < 15; i++) await fx.ledger.append(sensor.state(bystander.obj, { t: { v: i } }, T + i));
  for (const v of victims) await fx.ledger.append(v.bytes);
  for (let i = 0; i < 3; i++)
    await fx.ledger.append(device.state(victims[0]!.obj, { temperature: { v: 20 + i, u: "Cel" } }, T + i));
  for (const v of victims) docIndex.push((await fx.ledger.append(document(v.obj))).index);
  await fx.ledger.append(other.bytes);
  for (let i = 0; i < 8; i++) await fx.ledger.append(filler.state(other.obj, { t: { v: i } }, T + i));
  expect([docIndex, fx.ledger.log.size]).toEqual([[21, 22], 32]);
  await fx.ledger.log.checkpoint();
  rewrite(docIndex[0]!, false); // bytes only
  rewrite(docIndex[1]!, true); // bytes and leaf hash
});
afterAll(() => fx.close());

const problem = async (path: string) => {
  const res = await app.request(path);
  const body = await res.text();
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    code: res.status === 200 ? "served" : (JSON.parse(body) as { code: string }).code,
    evil: body.includes("evil.example") || body.includes(Buffer.from("evil.example").toString("base64")),
  };
};

const refused = { status: 500, type: "application/problem+json", code: "LOG_CORRUPT", evil: false };

describe("routes that serve stored statements refuse edited ones (LOG_CORRUPT)", () => {
  it.each([
    ["bytes edited", 0],
    ["bytes and leaf hash edited", 1],
  ])("%s: passport, history, bundle, inclusion proof", async (_what, v) => {
    const { id } = victims[v]!;
    expect(await problem(`/v1/objects/${id}`)).toEqual(refused);
    expect(await problem(`/v1/objects/${id}/history`)).toEqual(refused);
    expect(await problem(`/v1/objects/${id}/history?kind=document`)).toEqual(refused);
    expect(await problem(`/v1/objects/${id}/bundle`)).toEqual(refused);
    expect(await problem(`/v1/log/proof/inclusion?index=${docIndex[v]}`)).toEqual(refused);
  });

  it("the events replay ends with a LOG_CORRUPT problem event instead of the edited statement", async () => {
    const res = await app.request(`/v1/objects/${victims[0]!.id}/events?after=16`);
    const text = await res.text(); // the stream ends after the problem
    expect(text).not.toContain("evil.example");
    expect(text).toMatch(/event: problem\ndata: \{[^\n]*"code":"LOG_CORRUPT"/);
    expect(text).not.toContain("event: statement"); // a page read with an edited entry is refused whole
  });

  it("still serves entries whose proofs do not go through the edited leaf (another block of 16)", async () => {
    const codes = await Promise.all(
      [
        `/v1/objects/${bystander.id}`,
        `/v1/objects/${bystander.id}/bundle`,
        `/v1/objects/${bystander.id}/history`,
        `/v1/objects/${victims[1]!.id}/history?limit=1`, // its genesis, in the block of the edited leaf
        "/v1/log/proof/inclusion?index=0",
        "/v1/log/proof/inclusion?index=20", // its proof folds the edited leaf 22
      ].map(async (p) => (await problem(p)).code),
    );
    expect(codes).toEqual(["served", "served", "served", "LOG_CORRUPT", "served", "LOG_CORRUPT"]);
  });
});
