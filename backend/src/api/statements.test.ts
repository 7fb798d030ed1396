import { type CborValue, CHAINED_KINDS, type Statement, validateStatement } from "@tet/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApi } from "./createApi.js";
import { Actor, Device, genesis, openTestLedger } from "./fixture.js";

let fx: Awaited<ReturnType<typeof openTestLedger>>;
let app: ReturnType<typeof createApi>;
beforeAll(async () => {
  fx = await openTestLedger();
  app = createApi({ ledger: fx.ledger, rateLimit: false, web: false });
});
afterAll(() => fx.close());

const post = (bytes: Uint8Array, type = "application/cose") =>
  app.request("/v1/statements", {
    method: "POST",
    body: bytes as Uint8Array<ArrayBuffer>,
    headers: { "content-type": type },
  });

/** Posts and returns status and body; refusals must be problem+json with a code. */
async function submit(bytes: Uint8Array) {
  const res = await post(bytes);
  const body = (await res.json()) as { code?: string; index?: number };
  if (res.status >= 400) expect(res.headers.get("content-type")).toBe("application/problem+json");
  return { status: res.status, code: body.code, index: body.index };
}

const ts = () => Date.now();
type Fields = { [key: string]: CborValue | undefined }; // a statement before v, ts, obj and prev

describe("POST /v1/statements: authorisation", () => {
  const owner = new Actor();
  const stranger = new Actor();
  const buyer = new Actor();
  const issuer = new Actor();
  const delegate = new Actor();
  const maker = new Actor();
  const device = new Device();
  const g = genesis(owner, { devices: [device], maker: maker.did, name: "Lamp" });
  const obj = g.obj;
  /** A statement about the object (chained kinds as version 2 naming the authority head), validated. */
  const st = async (s: Fields) => {
    const head = (CHAINED_KINDS as readonly unknown[]).includes(s.t)
      ? await fx.ledger.authorityHead(obj)
      : undefined;
    const chain = head ? { v: 2, prev: Uint8Array.from(Buffer.from(head.hash, "hex")) } : { v: 1 };
    return validateStatement({ ...chain, ts: ts(), obj, ...s });
  };

  it("accepts a genesis (201) and answers the same bytes again with 200 and the same index", async () => {
    const a = await submit(g.bytes);
    expect(a.status).toBe(201);
    const b = await submit(g.bytes);
    expect(b).toMatchObject({ status: 200, index: a.index });
  });

  it("refuses a genesis signed by someone other than its owner", async () => {
    const forged = stranger.sign({
      v: 1,
      t: "genesis",
      ts: ts(),
      owner: owner.did,
      class: "desk",
      deviceKeys: [],
      nonce: new Uint8Array(8),
    });
    expect(await submit(forged)).toMatchObject({ status: 403, code: "NOT_OWNER" });
  });

  it("key: the owner adds a delegate; a stranger may not", async () => {
    const add = { t: "key", action: "add", key: delegate.signer.publicKey, role: "delegate" };
    expect(await submit(stranger.sign(await st(add)))).toMatchObject({ status: 403, code: "NOT_OWNER" });
    expect((await submit(owner.sign(await st(add)))).status).toBe(201);
  });

  it("relation: the owner only", async () => {
    const rel = { t: "relation", rel: "located-in", target: new Uint8Array(16).fill(7), action: "add" };
    expect(await submit(delegate.sign(await st(rel)))).toMatchObject({ status: 403, code: "NOT_OWNER" });
    expect((await submit(owner.sign(await st(rel)))).status).toBe(201);
  });

  it("command: the owner or a delegate; a stranger may not", async () => {
    const cmd = (n: number) => ({
      t: "command",
      id: new Uint8Array(16).fill(n),
      name: "switch-off",
      expires: ts() + 60_000,
    });
    expect(await submit(stranger.sign(await st(cmd(1))))).toMatchObject({ status: 403, code: "NOT_OWNER" });
    expect((await submit(owner.sign(await st(cmd(2))))).status).toBe(201);
    expect((await submit(delegate.sign(await st(cmd(3))))).status).toBe(201);
  });

  it("maintenance events: the owner or a delegate; a stranger may not", async () => {
    const ev = (text: string) => ({ t: "event", event: "maintenance", text });
    expect(await submit(stranger.sign(await st(ev("fake service"))))).toMatchObject({
      status: 403,
      code: "NOT_OWNER",
    });
    expect((await submit(delegate.sign(await st(ev("cleaned the lens"))))).status).toBe(201);
    expect((await submit(owner.sign(await st(ev("replaced bulb"))))).status).toBe(201);
  });

  it("documents: the owner or the manufacturer (genesis maker); a stranger may not", async () => {
    const doc = (title: string) => ({
      t: "document",
      hash: new Uint8Array(32).fill(1),
      mediaType: "application/pdf",
      uri: "https://example.org/m.pdf",
      title,
    });
    expect(await submit(stranger.sign(await st(doc("fake manual"))))).toMatchObject({
      status: 403,
      code: "NOT_OWNER",
    });
    expect((await submit(maker.sign(await st(doc("manual"))))).status).toBe(201);
    expect((await submit(owner.sign(await st(doc("receipt"))))).status).toBe(201);
  });

  it("warranty: issued by an issuer the owner accepted; claimed by the owner; decided and voided by the issuer", async () => {
    const w = (action: string, extra: Fields = {}) => ({
      t: "warranty",
      action,
      warranty: "W-1",
      ...extra,
    });
    expect(await submit(stranger.sign(await st(w("issue", { issuer: issuer.did }))))).toMatchObject({
      status: 403,
      code: "KEY_NOT_BOUND",
    });
    // Issue 23, item 6: a stranger's own warranty (it names itself) squats no id: refused.
    expect(await submit(stranger.sign(await st(w("issue", { issuer: stranger.did }))))).toMatchObject({
      status: 403,
      code: "ISSUER_NOT_ACCEPTED",
    });
    expect(await submit(issuer.sign(await st(w("issue", { issuer: issuer.did }))))).toMatchObject({
      status: 403,
      code: "ISSUER_NOT_ACCEPTED",
    });
    const accept = { t: "key", action: "add", key: issuer.signer.publicKey, role: "issuer" };
    expect((await submit(owner.sign(await st(accept)))).status).toBe(201);
    expect(
      (
        await submit(
          issuer.sign(
            await st(w("issue", { issuer: issuer.did, until: ts() + 86_400_000, transferable: true })),
          ),
        )
      ).status,
    ).toBe(201);
    expect(await submit(stranger.sign(await st(w("claim", { evidence: [0] }))))).toMatchObject({
      status: 403,
      code: "NOT_OWNER",
    });
    expect((await submit(owner.sign(await st(w("claim", { evidence: [0] }))))).status).toBe(201);
    expect(await submit(owner.sign(await st(w("accept"))))).toMatchObject({
      status: 403,
      code: "KEY_NOT_BOUND",
    });
    expect((await submit(issuer.sign(await st(w("reject", { reason: "wear and tear" }))))).status).toBe(201);
    expect(await submit(owner.sign(await st(w("void"))))).toMatchObject({
      status: 403,
      code: "KEY_NOT_BOUND",
    });
    expect((await submit(issuer.sign(await st(w("void", { reason: "recalled" }))))).status).toBe(201);
  });

  it("transfer: the current owner only; afterwards the old owner is refused and the new one accepted", async () => {
    expect(await submit(stranger.sign(await st({ t: "transfer", to: stranger.did })))).toMatchObject({
      status: 403,
      code: "NOT_OWNER",
    });
    expect((await submit(owner.sign(await st({ t: "transfer", to: buyer.did })))).status).toBe(201);
    expect(await submit(owner.sign(await st({ t: "transfer", to: owner.did })))).toMatchObject({
      status: 403,
      code: "NOT_OWNER",
    });
    const rel = { t: "relation", rel: "part-of", target: new Uint8Array(16).fill(9), action: "add" };
    expect((await submit(buyer.sign(await st(rel)))).status).toBe(201);
  });

  it("refuses device statements over HTTP (they arrive over MQTT)", async () => {
    expect(await submit(device.state(obj, { t: { v: 20, u: "Cel" } }))).toMatchObject({
      status: 422,
      code: "DEVICE_STATEMENT",
    });
  });

  it("refuses statements about unknown objects", async () => {
    const other = {
      v: 1,
      ts: ts(),
      obj: new Uint8Array(16).fill(3),
      t: "event",
      event: "note",
      text: "x",
    } as Statement;
    expect(await submit(owner.sign(other))).toMatchObject({ status: 404, code: "UNKNOWN_OBJECT" });
  });
});

describe("POST /v1/statements: the envelope", () => {
  const owner = new Actor();
  it("needs Content-Type application/cose (415)", async () => {
    const res = await post(genesis(owner).bytes, "application/octet-stream");
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
      type: "urn:tet:problem:UNSUPPORTED_MEDIA_TYPE",
    });
  });
  it("refuses bodies over 16 KiB before reading them (413)", async () => {
    const res = await post(new Uint8Array(16 * 1024 + 1));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
  it("refuses malformed COSE with the wire contract's code (400)", async () => {
    const res = await post(new Uint8Array([0xd2, 0x84, 0x40]));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "CBOR_TRUNCATED" });
  });
  it("refuses a bad signature (401 BAD_SIGNATURE)", async () => {
    const bytes = genesis(owner).bytes;
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    const res = await post(bytes);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "BAD_SIGNATURE" });
  });
});

describe("rate limits", () => {
  it("limits writes per signing key with 429, problem+json and Retry-After; other keys go on", async () => {
    let clock = 1_000_000;
    const limited = createApi({
      ledger: fx.ledger,
      web: false,
      now: () => clock,
      rateLimit: { writesPerSecond: 1 }, // burst 3
    });
    const a = new Actor();
    const b = new Actor();
    const send = (bytes: Uint8Array) =>
      limited.request("/v1/statements", {
        method: "POST",
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { "content-type": "application/cose" },
      });
    for (let i = 0; i < 3; i++) expect((await send(genesis(a).bytes)).status).toBe(201);
    const third = await send(genesis(a).bytes);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("1");
    expect(await third.json()).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect((await send(genesis(b).bytes)).status).toBe(201);
    clock += 1000;
    expect((await send(genesis(a).bytes)).status).toBe(201);
  });

  it("charges the signer only after its signature verifies: a forger naming the owner's key cannot lock the owner out", async () => {
    const limited = createApi({
      ledger: fx.ledger,
      web: false,
      rateLimit: { writesPerSecond: 1, addressWritesPerSecond: 0 }, // the owner's key: burst 3
    });
    const send = (bytes: Uint8Array) =>
      limited.request("/v1/statements", {
        method: "POST",
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { "content-type": "application/cose" },
      });
    const owner = new Actor();
    const g = genesis(owner);
    expect((await send(g.bytes)).status).toBe(201);
    const note = (text: string) =>
      owner.sign({ v: 1, t: "event", ts: ts(), obj: g.obj, event: "note", text });
    // The attacker's request: the owner's kid in the protected header, a signature it cannot make.
    for (let i = 0; i < 100; i++) {
      const forged = note(`forged ${i}`);
      forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 0xff;
      const r = await send(forged);
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ code: "BAD_SIGNATURE" });
    }
    expect((await send(note("the real owner"))).status).toBe(201);
  });

  it("limits reads per client address", async () => {
    const limited = createApi({
      ledger: fx.ledger,
      web: false,
      now: () => 0,
      rateLimit: { readsPerSecond: 1 }, // burst 2
    });
    expect((await limited.request("/v1/log/key")).status).toBe(200);
    expect((await limited.request("/v1/log/key")).status).toBe(200);
    const res = await limited.request("/v1/log/key");
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
