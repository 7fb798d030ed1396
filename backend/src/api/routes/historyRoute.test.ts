import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { b64, openReadWorld } from "../../test-support/index.js";

let w: Awaited<ReturnType<typeof openReadWorld>>;
beforeAll(async () => {
  w = await openReadWorld();
});
afterAll(() => w.close());

describe("GET /v1/objects/{id}/history", () => {
  it("pages through the statements in log order with their index", async () => {
    const first = await w.json(`/v1/objects/${w.g.id}/history?limit=4`);
    const items = first.body.items as { index: number; kind: string }[];
    expect(items.map((i) => i.kind)).toEqual(["genesis", "state", "state", "state"]);
    const rest = await w.json(`/v1/objects/${w.g.id}/history?after=${first.body.next}&limit=100`);
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
    const { body } = await w.json(`/v1/objects/${w.g.id}/history?kind=transfer`);
    const [t] = body.items as { signer: string; statement: { to: string }; cose: string }[];
    expect(t?.signer).toBe(w.owner.did);
    expect(t?.statement.to).toBe(w.buyer.did);
    expect(b64(t?.cose as string)[0]).toBe(0xd2);
  });
  it("refuses bad paging parameters (400 BAD_QUERY)", async () => {
    for (const q of ["limit=0", "limit=1001", "after=-1", "after=x", "kind=nope"]) {
      expect((await w.json(`/v1/objects/${w.g.id}/history?${q}`)).body.code).toBe("BAD_QUERY");
    }
  });
});
