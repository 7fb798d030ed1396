import type { ChainClients } from "@tet/contracts";
import {
  assertConsistency,
  decodeStrict,
  generatePrivateKey,
  nobleVerifier,
  openCheckpoint,
  parseVerifierKey,
  publicKeyFromDidKey,
  verifyInclusion,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import { zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BillingService, billingRoutes } from "../../billing/index.js";
import { verifyBundle } from "../bundle/index.js";
import { createApi } from "../createApi.js";
import { Actor, Device, genesis, openTestLedger } from "../fixture.js";
import { OPENAPI_DOCUMENT } from "../openapiDocument.js";
import type { Passport } from "../passport.js";

let fx: Awaited<ReturnType<typeof openTestLedger>>;
let app: ReturnType<typeof createApi>;
const owner = new Actor();
const buyer = new Actor();
const issuer = new Actor();
const device = new Device();
const T = 1_800_000_000_000;
const g = genesis(owner, {
  devices: [device],
  name: "Reading lamp",
  model: "L-2",
  manufacturer: "Lumo",
  serial: "SN-7",
  ts: T,
});
const other = genesis(buyer, { cls: "sauna", name: "Sauna", ts: T });
const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

beforeAll(async () => {
  fx = await openTestLedger({ now: () => T + 3_600_000 });
  app = createApi({ ledger: fx.ledger, rateLimit: false, web: false, now: () => T + 10_000 });
  const obj = g.obj;
  await fx.ledger.append(g.bytes);
  await fx.ledger.append(other.bytes);
  for (let i = 0; i < 5; i++)
    await fx.ledger.append(device.state(obj, { temperature: { v: 20 + i, u: "Cel" } }, T + i));
  await fx.ledger.append(
    owner.sign({
      v: 1,
      t: "document",
      ts: T + 10,
      obj,
      hash: new Uint8Array(32),
      mediaType: "application/pdf",
      uri: "https://lumo.example/l2.pdf",
      title: "Manual",
    }),
  );
  await fx.ledger.append(
    await fx.chain(owner, {
      v: 1,
      t: "key",
      ts: T + 10,
      obj,
      action: "add",
      key: issuer.signer.publicKey,
      role: "issuer",
    }),
  );
  await fx.ledger.append(
    await fx.chain(issuer, {
      v: 1,
      t: "warranty",
      ts: T + 11,
      obj,
      action: "issue",
      warranty: "W-T",
      issuer: issuer.did,
      until: T + 5_000,
      transferable: true,
    }),
  );
  await fx.ledger.append(
    await fx.chain(issuer, {
      v: 1,
      t: "warranty",
      ts: T + 12,
      obj,
      action: "issue",
      warranty: "W-N",
      until: T + 1e9,
      transferable: false,
    }),
  );
  await fx.ledger.append(await fx.chain(owner, { v: 1, t: "transfer", ts: T + 20, obj, to: buyer.did }));
  await fx.ledger.log.checkpoint();
});
afterAll(() => fx.close());

const json = async (path: string, init?: RequestInit) => {
  const res = await app.request(path, init);
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: (await res.json()) as Record<string, unknown>,
  };
};

describe("GET /v1/objects/{id}", () => {
  it("returns the passport: identity, owners with dates, keys, documents, warranties with status, state, counts", async () => {
    const { status, body } = await json(`/v1/objects/${g.id}`);
    expect(status).toBe(200);
    const p = body as unknown as Passport;
    expect(p).toMatchObject({
      id: g.id,
      class: "desk",
      name: "Reading lamp",
      model: "L-2",
      manufacturer: "Lumo",
      serial: "SN-7",
      owner: buyer.did,
    });
    expect(p.owners.map((o) => [o.owner, o.since])).toEqual([
      [owner.did, T],
      [buyer.did, T + 20],
    ]);
    expect(p.keys).toEqual([
      expect.objectContaining({ did: device.did, role: "device" }),
      expect.objectContaining({ did: issuer.did, role: "issuer" }),
    ]);
    expect(p.documents).toEqual([
      expect.objectContaining({ title: "Manual", mediaType: "application/pdf", by: owner.did }),
    ]);
    const status_ = Object.fromEntries(p.warranties.map((w) => [w.id, w.status]));
    expect(status_).toEqual({ "W-T": "expired", "W-N": "ended-by-transfer" });
    expect(p.state).toMatchObject({ seq: 5, readings: { temperature: { v: 24, u: "Cel" } } });
    expect(p.counts).toMatchObject({ device: 5, statements: 11 });
    expect(p.address).toMatch(/^fd54:4554:1:0:/);
  });
  it("returns deterministic CBOR for Accept: application/cbor", async () => {
    const res = await app.request(`/v1/objects/${g.id}`, { headers: { accept: "application/cbor" } });
    expect(res.headers.get("content-type")).toBe("application/cbor");
    const m = decodeStrict(new Uint8Array(await res.arrayBuffer()), { maxBytes: 1 << 20, tags: [] }) as Map<
      string,
      unknown
    >;
    expect(m.get("id")).toBe(g.id);
    expect(m.get("owner")).toBe(buyer.did);
  });
  it("refuses a malformed id (400 BAD_OBJECT_ID) and an unknown one (404 UNKNOWN_OBJECT) with problem+json", async () => {
    const bad = await json("/v1/objects/not-an-id");
    expect(bad).toMatchObject({
      status: 400,
      type: "application/problem+json",
      body: { code: "BAD_OBJECT_ID", status: 400 },
    });
    const unknown = await json(`/v1/objects/${"a".repeat(26)}`);
    expect(unknown).toMatchObject({ status: 404, body: { code: "UNKNOWN_OBJECT" } });
  });
});

describe("GET /v1/objects/{id}/history", () => {
  it("pages through the statements in log order with their index", async () => {
    const first = await json(`/v1/objects/${g.id}/history?limit=4`);
    const items = first.body.items as { index: number; kind: string }[];
    expect(items.map((i) => i.kind)).toEqual(["genesis", "state", "state", "state"]);
    const rest = await json(`/v1/objects/${g.id}/history?after=${first.body.next}&limit=100`);
    const more = rest.body.items as { index: number; kind: string }[];
    expect(more.map((i) => i.kind)).toEqual([
      "state",
      "state",
      "document",
      "key",
      "warranty",
      "warranty",
      "transfer",
    ]);
    expect(more[0]?.index).toBeGreaterThan(items[3]?.index as number);
    expect(rest.body.next).toBeUndefined();
  });
  it("filters by kind and shows the statement, its signer and its bytes", async () => {
    const { body } = await json(`/v1/objects/${g.id}/history?kind=transfer`);
    const [t] = body.items as { signer: string; statement: { to: string }; cose: string }[];
    expect(t?.signer).toBe(owner.did);
    expect(t?.statement.to).toBe(buyer.did);
    expect(b64(t?.cose as string)[0]).toBe(0xd2);
  });
  it("refuses bad paging parameters (400 BAD_QUERY)", async () => {
    for (const q of ["limit=0", "limit=1001", "after=-1", "after=x", "kind=nope"]) {
      expect((await json(`/v1/objects/${g.id}/history?${q}`)).body.code).toBe("BAD_QUERY");
    }
  });
});

describe("GET /v1/objects", () => {
  it("lists, searches by text, class and owner, and pages", async () => {
    expect((await json("/v1/objects")).body).toMatchObject({ total: 2 });
    const byText = (await json("/v1/objects?q=lamp")).body.items as { id: string }[];
    expect(byText.map((o) => o.id)).toEqual([g.id]);
    const byKind = (await json("/v1/objects?kind=sauna")).body.items as { id: string }[];
    expect(byKind.map((o) => o.id)).toEqual([other.id]);
    const byOwner = (await json(`/v1/objects?owner=${encodeURIComponent(buyer.did)}`)).body
      .items as unknown[];
    expect(byOwner).toHaveLength(2); // the lamp was transferred to the sauna's owner
    const page1 = await json("/v1/objects?limit=1");
    const page2 = await json(`/v1/objects?limit=1&after=${page1.body.next}`);
    expect(
      [...(page1.body.items as { id: string }[]), ...(page2.body.items as { id: string }[])]
        .map((o) => o.id)
        .sort(),
    ).toEqual([g.id, other.id].sort());
    expect((await json("/v1/objects?owner=bob")).body.code).toBe("BAD_QUERY");
  });
});

describe("the log routes", () => {
  it("serves the checkpoint signed by the key at /v1/log/key, and inclusion and consistency proofs that verify", async () => {
    const key = (await json("/v1/log/key")).body as { did: string; verifierKey: string; origin: string };
    expect(publicKeyFromDidKey(key.did)).toEqual(fx.ledger.logKey);
    const res = await app.request("/v1/log/checkpoint");
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const cp = openCheckpoint(await res.text(), {
      key: parseVerifierKey(key.verifierKey),
      verifier: nobleVerifier,
    });
    const incl = (await json(`/v1/log/proof/inclusion?index=3&size=${cp.size}`)).body as {
      leafHash: string;
      proof: string[];
    };
    expect(
      verifyInclusion({
        index: 3,
        size: cp.size,
        leafHash: b64(incl.leafHash),
        proof: incl.proof.map(b64),
        root: cp.root,
      }),
    ).toBe(true);
    const oldRoot = await fx.ledger.log.root(4);
    const cons = (await json(`/v1/log/proof/consistency?from=4&to=${cp.size}`)).body as { proof: string[] };
    expect(() =>
      assertConsistency({
        size1: 4,
        size2: cp.size,
        root1: oldRoot,
        root2: cp.root,
        proof: cons.proof.map(b64),
      }),
    ).not.toThrow();
  });
  it("refuses proofs outside the tree (400 BAD_QUERY, 404 NOT_FOUND)", async () => {
    expect((await json("/v1/log/proof/inclusion")).body.code).toBe("BAD_QUERY");
    expect((await json("/v1/log/proof/inclusion?index=5&size=5")).body.code).toBe("BAD_QUERY");
    expect((await json("/v1/log/proof/consistency?from=9&to=3")).body.code).toBe("BAD_QUERY");
    expect((await json("/v1/log/proof/inclusion?index=1&size=999999")).status).toBe(404);
  });
});

describe("GET /v1/objects/{id}/bundle", () => {
  it("exports a bundle that verifies with the log key", async () => {
    const res = await app.request(`/v1/objects/${g.id}/bundle`);
    expect(res.headers.get("content-type")).toBe("application/cbor");
    const r = await verifyBundle(new Uint8Array(await res.arrayBuffer()), {
      logKey: fx.ledger.logKey,
      verifier: nobleVerifier,
    });
    expect(r).toMatchObject({
      ok: true,
      object: g.id,
      statements: 11,
      owners: [owner.did, buyer.did],
      deviceSeq: 5,
    });
  });
});

describe("GET /v1/objects/{id}/events", () => {
  it("replays after an index, then streams new statements as server-sent events", async () => {
    const res = await app.request(`/v1/objects/${g.id}/events?after=2`);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    const until = async (pred: (t: string) => boolean) => {
      while (!pred(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended: ${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    await until((t) => t.includes('"kind":"transfer"'));
    await fx.ledger.append(device.state(g.obj, { temperature: { v: 30, u: "Cel" } }, T + 30));
    await until((t) => t.includes('"v":30'));
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids[0]).toBe(3);
    expect(new Set(ids).size).toBe(ids.length);
    await reader.cancel();
  });
});

describe("OpenAPI", () => {
  it("describes every /v1 route the app serves, billing included, and nothing it does not serve", async () => {
    // The billing routes as the server mounts them. Listing routes and reading the billing key touch
    // no chain, so the service gets none: any chain call here would throw and fail the test.
    const billing = new BillingService({
      ledger: fx.ledger,
      chain: {} as ChainClients,
      deployment: { chainId: 31337, settlement: zeroAddress, token: zeroAddress },
      signer: nodeSigner(generatePrivateKey()),
    });
    try {
      const full = createApi({
        ledger: fx.ledger,
        rateLimit: false,
        web: false,
        routes: [billingRoutes({ billing })],
      });
      const served = new Set(
        full.routes
          .filter((r) => r.path.startsWith("/v1/") && r.method !== "ALL")
          .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
      );
      expect(served).toContain("post /v1/objects/{id}/vouchers");
      expect(served).toContain("get /v1/log/anchor");
      const described = new Set(
        Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m} ${p}`)),
      );
      const own = new Set(["get /v1/openapi.json", "get /v1/docs"]);
      expect(
        [...served].filter((r) => !own.has(r) && !described.has(r)),
        "served, not described",
      ).toEqual([]);
      expect(
        [...described].filter((r) => !served.has(r)),
        "described, not served",
      ).toEqual([]);
      expect((await full.request("/v1/billing/key")).status).toBe(200);
    } finally {
      await billing.close();
    }
    const doc = await json("/v1/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    const page = await app.request("/v1/docs");
    expect(await page.text()).toContain("/v1/objects/{id}/bundle");
    expect(await (await app.request("/v1/docs")).text()).toContain("/v1/objects/{id}/vouchers");
  });
  it("answers unknown routes with a 404 problem", async () => {
    expect(await json("/v1/nope")).toMatchObject({
      status: 404,
      type: "application/problem+json",
      body: { code: "NOT_FOUND" },
    });
  });
});
