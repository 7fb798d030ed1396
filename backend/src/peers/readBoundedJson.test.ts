import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBoundedJson } from "./index.js";

let server: Server;
let base: string;
let sentBig = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/small") return res.end(JSON.stringify({ quotes: [1, 2] }));
    if (req.url === "/slow") return; // never answers
    // An endless answer: chunks keep coming until the reader hangs up.
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const push = () => {
      while (!res.destroyed && res.write(chunk)) sentBig += chunk.length;
      if (!res.destroyed) res.once("drain", push);
    };
    push();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("readBoundedJson", () => {
  it("parses an answer within the limit", async () => {
    expect(await readBoundedJson(new URL("/small", base), { maxBytes: 1024, timeoutMs: 2000 })).toEqual({
      quotes: [1, 2],
    });
  });

  it("stops reading an endless answer at the limit instead of buffering it", async () => {
    await expect(
      readBoundedJson(new URL("/endless", base), { maxBytes: 256 * 1024, timeoutMs: 5000 }),
    ).rejects.toThrow(/answer too large/);
    expect(sentBig).toBeLessThan(64 * 1024 * 1024); // the server was cut off, not drained
  });

  it("gives up on a peer that does not answer", async () => {
    await expect(
      readBoundedJson(new URL("/slow", base), { maxBytes: 1024, timeoutMs: 200 }),
    ).rejects.toThrow();
  });
});
