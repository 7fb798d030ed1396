import { decodeStrict } from "@tet/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openReadWorld } from "../../test-support/index.js";
import type { Passport } from "../passport.js";

let w: Awaited<ReturnType<typeof openReadWorld>>;
beforeAll(async () => {
  w = await openReadWorld();
});
afterAll(() => w.close());

describe("GET /v1/objects/{id}", () => {
  it("returns the passport: identity, owners with dates, keys, documents, warranties with status, state, counts", async () => {
    const res = await w.app.request(`/v1/objects/${w.g.id}`);
    expect(res.status).toBe(200);
    const p = (await res.json()) as Passport;
    expect(p).toMatchObject({
      id: w.g.id,
      class: "desk",
      name: "Reading lamp",
      model: "L-2",
      manufacturer: "Lumo",
      serial: "SN-7",
      owner: w.buyer.did,
    });
    expect(p.owners.map((o) => [o.owner, o.since])).toEqual([
      [w.owner.did, w.T],
      [w.buyer.did, w.T + 20],
    ]);
    expect(p.keys).toEqual([
      expect.objectContaining({ did: w.device.did, role: "device" }),
      expect.objectContaining({ did: w.issuer.did, role: "issuer" }),
    ]);
    expect(p.documents).toEqual([
      expect.objectContaining({ title: "Manual", mediaType: "application/pdf", by: w.owner.did }),
    ]);
    const status_ = Object.fromEntries(p.warranties.map((w) => [w.id, w.status]));
    expect(status_).toEqual({ "W-T": "expired", "W-N": "ended-by-transfer" });
    expect(p.state).toMatchObject({ seq: 5, readings: { temperature: { v: 24, u: "Cel" } } });
    expect(p.counts).toMatchObject({ device: 5, statements: 11 });
    expect(p.address).toMatch(/^fd54:4554:1:0:/);
  });
  it("returns deterministic CBOR for Accept: application/cbor", async () => {
    const res = await w.app.request(`/v1/objects/${w.g.id}`, { headers: { accept: "application/cbor" } });
    expect(res.headers.get("content-type")).toBe("application/cbor");
    const m = decodeStrict(new Uint8Array(await res.arrayBuffer()), { maxBytes: 1 << 20, tags: [] }) as Map<
      string,
      unknown
    >;
    expect(m.get("id")).toBe(w.g.id);
    expect(m.get("owner")).toBe(w.buyer.did);
  });
  it("refuses a malformed id (400 BAD_OBJECT_ID) and an unknown one (404 UNKNOWN_OBJECT) with problem+json", async () => {
    const bad = await w.json("/v1/objects/not-an-id");
    expect(bad).toMatchObject({
      status: 400,
      type: "application/problem+json",
      body: { code: "BAD_OBJECT_ID", status: 400 },
    });
    const unknown = await w.json(`/v1/objects/${"a".repeat(26)}`);
    expect(unknown).toMatchObject({ status: 404, body: { code: "UNKNOWN_OBJECT" } });
  });
});

describe("GET /v1/objects", () => {
  it("lists, searches by text, class and owner, and pages", async () => {
    expect((await w.json("/v1/objects")).body).toMatchObject({ total: 2 });
    const byText = (await w.json("/v1/objects?q=lamp")).body.items as { id: string }[];
    expect(byText.map((o) => o.id)).toEqual([w.g.id]);
    const byKind = (await w.json("/v1/objects?kind=sauna")).body.items as { id: string }[];
    expect(byKind.map((o) => o.id)).toEqual([w.other.id]);
    const byOwner = (await w.json(`/v1/objects?owner=${encodeURIComponent(w.buyer.did)}`)).body
      .items as unknown[];
    expect(byOwner).toHaveLength(2); // the lamp was transferred to the sauna's owner
    const page1 = await w.json("/v1/objects?limit=1");
    const page2 = await w.json(`/v1/objects?limit=1&after=${page1.body.next}`);
    expect(
      [...(page1.body.items as { id: string }[]), ...(page2.body.items as { id: string }[])]
        .map((o) => o.id)
        .sort(),
    ).toEqual([w.g.id, w.other.id].sort());
    expect((await w.json("/v1/objects?owner=bob")).body.code).toBe("BAD_QUERY");
  });
});
