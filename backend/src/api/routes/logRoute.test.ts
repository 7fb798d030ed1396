import {
  assertConsistency,
  nobleVerifier,
  openCheckpoint,
  parseVerifierKey,
  publicKeyFromDidKey,
  verifyInclusion,
} from "@tet/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { b64, openReadWorld } from "../../test-support/index.js";

let w: Awaited<ReturnType<typeof openReadWorld>>;
beforeAll(async () => {
  w = await openReadWorld();
});
afterAll(() => w.close());

describe("the log routes", () => {
  it("serves the checkpoint signed by the key at /v1/log/key, and inclusion and consistency proofs that verify", async () => {
    const key = (await w.json("/v1/log/key")).body as { did: string; verifierKey: string; origin: string };
    expect(publicKeyFromDidKey(key.did)).toEqual(w.fx.ledger.logKey);
    const res = await w.app.request("/v1/log/checkpoint");
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const cp = openCheckpoint(await res.text(), {
      key: parseVerifierKey(key.verifierKey),
      verifier: nobleVerifier,
    });
    const incl = (await w.json(`/v1/log/proof/inclusion?index=3&size=${cp.size}`)).body as {
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
    const oldRoot = await w.fx.ledger.log.root(4);
    const cons = (await w.json(`/v1/log/proof/consistency?from=4&to=${cp.size}`)).body as { proof: string[] };
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
    expect((await w.json("/v1/log/proof/inclusion")).body.code).toBe("BAD_QUERY");
    expect((await w.json("/v1/log/proof/inclusion?index=5&size=5")).body.code).toBe("BAD_QUERY");
    expect((await w.json("/v1/log/proof/consistency?from=9&to=3")).body.code).toBe("BAD_QUERY");
    expect((await w.json("/v1/log/proof/inclusion?index=1&size=999999")).status).toBe(404);
  });
});
