import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openReadWorld } from "../../test-support/index.js";

let w: Awaited<ReturnType<typeof openReadWorld>>;
beforeAll(async () => {
  w = await openReadWorld();
});
afterAll(() => w.close());

describe("GET /v1/objects/{id}/events", () => {
  it("replays after an index, then streams new statements as server-sent events", async () => {
    const res = await w.app.request(`/v1/objects/${w.g.id}/events?after=2`);
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
    await w.fx.ledger.append(w.device.state(w.g.obj, { temperature: { v: 30, u: "Cel" } }, w.T + 30));
    await until((t) => t.includes('"v":30'));
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids[0]).toBe(3);
    expect(new Set(ids).size).toBe(ids.length);
    await reader.cancel();
  });
});
