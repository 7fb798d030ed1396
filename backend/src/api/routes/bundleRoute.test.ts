import { nobleVerifier } from "@tet/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openReadWorld } from "../../test-support/index.js";
import { verifyBundle } from "../bundle/index.js";

let w: Awaited<ReturnType<typeof openReadWorld>>;
beforeAll(async () => {
  w = await openReadWorld();
});
afterAll(() => w.close());

describe("GET /v1/objects/{id}/bundle", () => {
  it("exports a bundle that verifies with the log key", async () => {
    const res = await w.app.request(`/v1/objects/${w.g.id}/bundle`);
    expect(res.headers.get("content-type")).toBe("application/cbor");
    const r = await verifyBundle(new Uint8Array(await res.arrayBuffer()), {
      logKey: w.fx.ledger.logKey,
      verifier: nobleVerifier,
    });
    expect(r).toMatchObject({
      ok: true,
      object: w.g.id,
      statements: 11,
      owners: [w.owner.did, w.buyer.did],
      deviceSeq: 5,
    });
  });
});
