import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeKeyFile, type Statement } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invite } from "../server/index.js";
import type { AdmissionPolicy } from "./admissionPolicy.js";
import { createApi } from "./createApi.js";
import { Actor, genesis, openTestLedger } from "./fixture.js";
import type { HttpLimits } from "./httpLimits.js";
import { INVITATION_HEADER, openInvitation, signInvitation } from "./invitation.js";

let fx: Awaited<ReturnType<typeof openTestLedger>>;
beforeAll(async () => {
  fx = await openTestLedger({ origin: "admission.test/log" });
});
afterAll(() => fx.close());

const NONE: HttpLimits = {
  readsPerSecond: 0,
  addressWritesPerSecond: 0,
  writesPerSecond: 0,
  genesisPerAddressPerHour: 0,
  genesisPerDay: 0,
  objectStatementsPerDay: 0,
  objectAuthorityPerDay: 0,
};

/** An app with only the given limits and policy, on a clock the test moves. */
function world(limits: Partial<HttpLimits>, admission?: AdmissionPolicy) {
  const clock = { t: 1_900_000_000_000 };
  const app = createApi({
    ledger: fx.ledger,
    web: false,
    now: () => clock.t,
    rateLimit: { ...NONE, ...limits },
    ...(admission ? { admission } : {}),
  });
  const post = async (bytes: Uint8Array, headers: Record<string, string> = {}) => {
    const res = await app.request("/v1/statements", {
      method: "POST",
      body: bytes as Uint8Array<ArrayBuffer>,
      headers: { "content-type": "application/cose", ...headers },
    });
    const body = (await res.json()) as { code?: string };
    return { status: res.status, code: body.code, retryAfter: res.headers.get("retry-after") };
  };
  const exists = async (id: string) => (await app.request(`/v1/objects/${id}`)).status === 200;
  return { clock, post, exists };
}

/** A key statement (chained: version 2 naming the object's authority head, issue 23). */
const keyStatement = (owner: Actor, obj: Uint8Array, n: number) =>
  fx.chain(owner, {
    t: "key",
    ts: Date.now() + n,
    obj,
    action: "add",
    key: new Actor().signer.publicKey,
    role: "delegate",
  });

describe("admission of new avatars (POST /v1/statements genesis)", () => {
  it("open: new avatars per address per hour, then 429 ADMISSION_RATE_LIMITED, and nothing stored", async () => {
    const w = world({ genesisPerAddressPerHour: 3 });
    for (let i = 0; i < 3; i++) expect((await w.post(genesis(new Actor()).bytes)).status).toBe(201);
    const size = fx.ledger.log.size;
    const refused = genesis(new Actor());
    const r = await w.post(refused.bytes);
    expect(r).toMatchObject({ status: 429, code: "ADMISSION_RATE_LIMITED" });
    expect(Number(r.retryAfter)).toBeGreaterThan(0);
    expect(fx.ledger.log.size).toBe(size);
    expect(await w.exists(refused.id)).toBe(false);
    w.clock.t += 20 * 60_000; // a third of the hour: one more
    expect((await w.post(refused.bytes)).status).toBe(201);
  });

  it("open: a daily cap over all addresses (ADMISSION_CAP_REACHED); duplicates and refusals do not count", async () => {
    const w = world({ genesisPerDay: 2 });
    const first = genesis(new Actor());
    expect((await w.post(first.bytes)).status).toBe(201);
    expect((await w.post(first.bytes)).status).toBe(200); // the same genesis again: not a new avatar
    const owner = new Actor();
    const forged = new Actor().sign({
      v: 1,
      t: "genesis",
      ts: Date.now(),
      owner: owner.did,
      class: "desk",
      deviceKeys: [],
      nonce: new Uint8Array(8),
    } as Statement);
    expect((await w.post(forged)).code).toBe("NOT_OWNER"); // refused by the ledger: given back
    expect((await w.post(genesis(new Actor()).bytes)).status).toBe(201);
    expect(await w.post(genesis(new Actor()).bytes)).toMatchObject({
      status: 429,
      code: "ADMISSION_CAP_REACHED",
    });
    w.clock.t += 12 * 3600_000; // half a day: one of the two back
    expect((await w.post(genesis(new Actor()).bytes)).status).toBe(201);
  });

  it("listed keys skip the open limits; allow-list refuses everyone else with ADMISSION_DENIED", async () => {
    const maker = new Actor();
    const open = world({ genesisPerAddressPerHour: 1 }, { mode: "open", keys: [maker.did] });
    for (let i = 0; i < 3; i++) expect((await open.post(genesis(maker).bytes)).status).toBe(201);
    const w = world({}, { mode: "allow-list", keys: [maker.did] });
    expect((await w.post(genesis(maker).bytes)).status).toBe(201);
    const size = fx.ledger.log.size;
    const stranger = genesis(new Actor());
    expect(await w.post(stranger.bytes)).toMatchObject({ status: 403, code: "ADMISSION_DENIED" });
    expect(fx.ledger.log.size).toBe(size);
    expect(await w.exists(stranger.id)).toBe(false);
  });

  it("invite: an operator-signed invitation admits its owner only, on this log, until it expires", async () => {
    const operator = new Actor();
    const owner = new Actor();
    const w = world({}, { mode: "invite", operator: operator.did });
    const now = w.clock.t;
    const inv = (o: Partial<{ owner: string; log: string; until: number }>, by = operator) => ({
      [INVITATION_HEADER]: signInvitation(
        { owner: owner.did, log: "admission.test/log", until: now + 60_000, ...o },
        by.signer,
      ),
    });
    const size = fx.ledger.log.size;
    expect(await w.post(genesis(owner).bytes)).toMatchObject({ status: 403, code: "INVITATION_REQUIRED" });
    for (const [why, headers] of [
      ["another owner's", inv({ owner: new Actor().did })],
      ["another log's", inv({ log: "elsewhere.example/log" })],
      ["an expired", inv({ until: now - 1 })],
      ["a stranger's", inv({}, new Actor())],
      ["a garbled", { [INVITATION_HEADER]: "not-an-invitation" }],
    ] as const)
      expect(await w.post(genesis(owner).bytes, headers), why).toMatchObject({
        status: 403,
        code: "INVITATION_INVALID",
      });
    expect(fx.ledger.log.size).toBe(size);
    expect((await w.post(genesis(owner).bytes, inv({}))).status).toBe(201);
  });

  it("tet-backend invite signs an invitation the backend accepts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tet-invite-"));
    try {
      const operator = new Actor();
      const owner = new Actor();
      const key = join(dir, "operator.pem");
      writeFileSync(key, encodeKeyFile(operator.privateKey));
      let out = "";
      const io = {
        stdout: (s: string | Uint8Array) => {
          out += String(s);
        },
        stderr: () => {},
        readStdin: async () => new Uint8Array(),
      };
      const args = ["--key", key, "--owner", owner.did, "--days", "2", "--origin", "admission.test/log"];
      expect(await invite.run(args, io)).toBe(0);
      const token = out.trim();
      const opened = openInvitation(token, {
        operator: operator.signer.publicKey,
        log: "admission.test/log",
        now: Date.now(),
        verifier: nodeVerifier,
      });
      expect(opened.owner).toBe(owner.did);
      expect(opened.until - Date.now()).toBeGreaterThan(86_400_000);
      const w = world({}, { mode: "invite", operator: operator.did });
      w.clock.t = Date.now();
      expect((await w.post(genesis(owner).bytes, { [INVITATION_HEADER]: token })).status).toBe(201);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("caps per object per day", () => {
  it("caps key/transfer/relation statements per object (OBJECT_RATE_LIMITED); other kinds and objects go on", async () => {
    const w = world({ objectAuthorityPerDay: 3 });
    const owner = new Actor();
    const a = genesis(owner);
    const b = genesis(owner);
    expect((await w.post(a.bytes)).status).toBe(201);
    expect((await w.post(b.bytes)).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await w.post(await keyStatement(owner, a.obj, i))).status).toBe(201);
    const size = fx.ledger.log.size;
    const r = await w.post(await keyStatement(owner, a.obj, 9));
    expect(r).toMatchObject({ status: 429, code: "OBJECT_RATE_LIMITED" });
    expect(Number(r.retryAfter)).toBeGreaterThan(3600); // a token in 8 h
    expect(fx.ledger.log.size).toBe(size);
    const note = owner.sign({
      v: 1,
      t: "event",
      ts: Date.now(),
      obj: a.obj,
      event: "note",
      text: "x",
    });
    expect((await w.post(note)).status).toBe(201);
    expect((await w.post(await keyStatement(owner, b.obj, 1))).status).toBe(201);
  });

  it("a stranger's refused statements do not use up an owner's object", async () => {
    const w = world({ objectAuthorityPerDay: 3, objectStatementsPerDay: 5 });
    const owner = new Actor();
    const stranger = new Actor();
    const a = genesis(owner);
    expect((await w.post(a.bytes)).status).toBe(201);
    for (let i = 0; i < 20; i++)
      expect((await w.post(await keyStatement(stranger, a.obj, i))).code).toBe("NOT_OWNER");
    for (let i = 0; i < 3; i++) expect((await w.post(await keyStatement(owner, a.obj, i))).status).toBe(201);
    const ev = (n: number) =>
      owner.sign({
        v: 1,
        t: "event",
        ts: Date.now() + n,
        obj: a.obj,
        event: "note",
        text: `n${n}`,
      });
    expect((await w.post(ev(1))).status).toBe(201);
    expect((await w.post(ev(2))).status).toBe(201);
    expect(await w.post(ev(3))).toMatchObject({ status: 429, code: "OBJECT_RATE_LIMITED" }); // 5 of any kind
  });
});
