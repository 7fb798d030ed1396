// Hostile HTTP clients against a real `tet-backend serve` (SQLite, embedded aedes, local Anvil for the
// billing routes) on loopback, each attacker from its own 127.0.0.0/8 source address: oversized and
// lying bodies (issue 23 item 2), a forger draining an owner's write bucket (issue 23 item 3), genesis
// spam from fresh keys and bulk authority statements (issue 22 item 3). Each asserts the attacker's
// refusal code, that the backend stays up (pid alive, /readyz 200), that other clients keep working,
// and that RSS stays bounded.

import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SimulatedDevice } from "@tet/backend";
import { Actor, genesis } from "@tet/backend/test-support";
import { downTopic, openStatement, type Statement, sha256, upTopic } from "@tet/schemas";
import { nodeVerifier } from "@tet/schemas/node";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BackendProcess, rawRequest, rssBytes, startBackendProcess } from "./support/index.js";

const MiB = 1024 * 1024;
const HUGE = 300 * MiB;
const dir = mkdtempSync(join(tmpdir(), "tet-hostile-http-"));
const operator = new Actor(); // an admitted key: the operator's own tools keep creating avatars
let b: BackendProcess;
let port: number;

beforeAll(async () => {
  b = await startBackendProcess({
    TET_DATA: dir,
    TET_HTTP_PORT: "0",
    TET_MQTT_PORT: "0",
    TET_WS_PORT: "0",
    TET_CHAIN: "anvil",
    TET_ANCHOR_MS: "0",
    TET_LOG_LEVEL: "info",
    TET_ADMISSION_KEYS: operator.did,
    TET_GENESIS_PER_ADDRESS_PER_HOUR: "5",
    TET_GENESIS_PER_DAY: "12",
    TET_OBJECT_AUTHORITY_PER_DAY: "10",
  });
  port = Number(new URL(b.ready.http[1] as string).port);
}, 120_000);
afterAll(async () => {
  await b?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** One HTTP request from `from` (a loopback source address); the JSON body of the answer. */
function call(
  method: string,
  path: string,
  opts: { from?: string; body?: Uint8Array; type?: string } = {},
): Promise<{
  status: number;
  body: { code?: string; [k: string]: unknown };
  headers: Record<string, unknown>;
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        localAddress: opts.from ?? "127.0.0.1",
        agent: false,
        headers: opts.body ? { "content-type": opts.type ?? "application/cose" } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          let body = {};
          try {
            body = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
      },
    );
    req.on("error", reject);
    req.end(opts.body ? Buffer.from(opts.body) : undefined);
  });
}
const post = (bytes: Uint8Array, from?: string) =>
  call("POST", "/v1/statements", { body: bytes, ...(from ? { from } : {}) });
const logSize = async () => {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^tet_log_size (\d+)/m.exec(text)?.[1]);
};
const refusedCount = async (code: string) => {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(new RegExp(`^tet_http_refused_total\\{code="${code}"\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
};
/** Up and serving: the pid is alive and /readyz answers 200. */
async function stillUp(): Promise<void> {
  expect(() => process.kill(b.pid, 0)).not.toThrow();
  expect((await call("GET", "/readyz")).status).toBe(200);
}
const event = (owner: Actor, obj: Uint8Array, text: string) =>
  owner.sign({ v: 1, t: "event", ts: Date.now(), obj, event: "note", text } as unknown as Statement);

describe("hostile HTTP clients against tet-backend serve", { timeout: 180_000 }, () => {
  it("oversized bodies are refused before they are buffered (413 PAYLOAD_TOO_LARGE), RSS bounded", async () => {
    const honest = genesis(operator);
    expect((await post(honest.bytes)).status).toBe(201);
    const id = honest.id;
    for (let i = 0; i < 20; i++) await call("GET", `/v1/objects/${id}`); // warm the request path
    const before = rssBytes(b.pid);
    const attacks = [
      [
        "vouchers, honest Content-Length",
        `POST /v1/objects/${id}/vouchers HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${HUGE}`,
        false,
      ],
      [
        "sessions, chunked",
        `POST /v1/objects/${id}/sessions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json`,
        true,
      ],
      [
        "vouchers, chunked",
        `POST /v1/objects/${id}/vouchers HTTP/1.1\r\nhost: x\r\ncontent-type: application/json`,
        true,
      ],
      [
        "statements, chunked",
        "POST /v1/statements HTTP/1.1\r\nhost: x\r\ncontent-type: application/cose",
        true,
      ],
      ["no such route, chunked", "POST /v1/nothing-here HTTP/1.1\r\nhost: x", true],
    ] as const;
    for (const [what, head, chunked] of attacks) {
      const r = await rawRequest({
        host: "127.0.0.1",
        port,
        head,
        bodyBytes: HUGE,
        chunked,
        localAddress: "127.0.0.9",
      });
      expect(r.status, what).toBe(413);
      expect(r.headers["content-type"], what).toBe("application/problem+json");
      expect(JSON.parse(r.body), what).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    }
    // A lying Content-Length, announcing 300 MiB and sending none: refused at once, not waited for.
    const lie = await rawRequest({
      host: "127.0.0.1",
      port,
      head: `POST /v1/objects/${id}/vouchers HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${HUGE}`,
      bodyBytes: 0,
      localAddress: "127.0.0.9",
    });
    expect([lie.status, lie.ended]).toEqual([413, "end"]);
    // …and announcing 64 bytes, then sending 300 MiB: the 64 are the request, the rest is not HTTP,
    // and the server closes the connection instead of reading it all.
    const short = await rawRequest({
      host: "127.0.0.1",
      port,
      head: `POST /v1/objects/${id}/vouchers HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 64`,
      bodyBytes: HUGE,
      localAddress: "127.0.0.9",
    });
    // (The server's reset may overtake its 400 on the wire: no answer at all is as good as a refusal.)
    expect(short.status === 0 || short.status >= 400, `status ${short.status}`).toBe(true);
    expect(["end", "reset"]).toContain(short.ended);
    expect(short.sent).toBeLessThan(HUGE);
    const after = rssBytes(b.pid);
    console.log(
      `oversized bodies: backend RSS ${(before / MiB).toFixed(0)} MiB before, ${(after / MiB).toFixed(0)} MiB after`,
    );
    expect(after - before).toBeLessThan(96 * MiB);
    await stillUp();
    expect((await call("GET", `/v1/objects/${id}`)).status).toBe(200);
  });

  it("a forger naming the owner's key spends its own address's writes, never the owner's (issue 23 item 3)", async () => {
    const owner = new Actor();
    const g = genesis(owner);
    expect((await post(g.bytes, "127.0.0.1")).status).toBe(201);
    const codes = new Map<string, number>();
    // The attacker's request: the owner's kid, a signature it cannot make — 300 of them, 5 at a time.
    for (let i = 0; i < 60; i++) {
      const batch = Array.from({ length: 5 }, (_, j) => {
        const forged = event(owner, g.obj, `forged ${i}.${j}`);
        forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 0xff;
        return post(forged, "127.0.0.2");
      });
      for (const r of await Promise.all(batch))
        codes.set(String(r.body.code), (codes.get(String(r.body.code)) ?? 0) + 1);
    }
    expect([...codes.keys()].sort()).toEqual(["BAD_SIGNATURE", "RATE_LIMITED"]); // 401s, then its address's 429s
    const r = await post(event(owner, g.obj, "the real owner"), "127.0.0.1");
    expect(r.status).toBe(201);
    await stillUp();
  });

  it("genesis spam from fresh keys: per-address and daily limits; admitted keys and everyone else go on (issue 22 item 3)", async () => {
    const device = SimulatedDevice.create({ class: "desk" }); // enrolled before the attack
    expect((await post(device.genesis, "127.0.0.1")).status).toBe(201);
    const sizeBefore = await logSize();
    const rssBefore = rssBytes(b.pid);
    // One address, fresh keys as fast as it can: 5 an hour.
    const one: string[] = [];
    for (let i = 0; i < 30; i++)
      one.push(String((await post(genesis(new Actor()).bytes, "127.0.1.1")).body.code ?? "201"));
    expect(one.filter((c) => c === "201")).toHaveLength(5);
    expect(one.slice(5).every((c) => c === "ADMISSION_RATE_LIMITED")).toBe(true);
    // Many addresses: the day's 12 open admissions (the earlier owners' and the device's counted too) run out.
    const many: string[] = [];
    for (let a = 2; a < 40; a++) {
      const r = await post(genesis(new Actor()).bytes, `127.0.1.${a}`);
      many.push(String(r.body.code ?? r.status));
      if (r.status === 429) expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
    }
    expect(many).toContain("ADMISSION_CAP_REACHED");
    const admitted = many.filter((c) => c === "201").length;
    const grown = (await logSize()) - sizeBefore;
    expect(5 + admitted).toBeLessThanOrEqual(10); // 12 less the owner's and the device's above
    expect(grown).toBe(5 + admitted); // the refused ones changed nothing
    expect(await refusedCount("ADMISSION_CAP_REACHED")).toBeGreaterThan(0);
    // Other clients keep working: the admitted operator creates avatars, owners write, readers read…
    const fresh = genesis(operator);
    expect((await post(fresh.bytes, "127.0.0.1")).status).toBe(201);
    expect((await post(event(operator, fresh.obj, "still writing"), "127.0.0.1")).status).toBe(201);
    expect((await call("GET", `/v1/objects/${fresh.id}`, { from: "127.0.1.1" })).status).toBe(200);
    // …and a device appends over MQTT and gets its signed receipt.
    const client = await mqtt.connectAsync(b.ready.mqtt[1] as string, {
      ...device.login(),
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const receipt = new Promise<void>((resolve) =>
      client.on("message", (_t, payload) => {
        const { statement } = openStatement(new Uint8Array(payload), { verifier: nodeVerifier });
        if (statement.t === "receipt" && statement.seq === 1) resolve();
      }),
    );
    await client.subscribeAsync(downTopic(device.objectId), { qos: 1 });
    await client.publishAsync(upTopic(device.objectId), Buffer.from(device.state({ t: { v: 1 } })), {
      qos: 1,
    });
    await receipt;
    await client.endAsync();
    const rssAfter = rssBytes(b.pid);
    console.log(
      `genesis spam: RSS ${(rssBefore / MiB).toFixed(0)} → ${(rssAfter / MiB).toFixed(0)} MiB, log +${grown}`,
    );
    expect(rssAfter - rssBefore).toBeLessThan(64 * MiB);
    await stillUp();
  });

  it("bulk key statements on one avatar stop at the per-object cap (OBJECT_RATE_LIMITED)", async () => {
    const g = genesis(operator);
    expect((await post(g.bytes)).status).toBe(201);
    // Chained (issue 23): each names the last one signed; past the cap none is stored anyway.
    let head = sha256(g.bytes);
    const key = (n: number) => {
      const bytes = operator.sign({
        v: 2,
        t: "key",
        ts: Date.now() + n,
        obj: g.obj,
        prev: head,
        action: "add",
        key: new Actor().signer.publicKey,
        role: "delegate",
      } as unknown as Statement);
      head = sha256(bytes);
      return bytes;
    };
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) codes.push(String((await post(key(i))).body.code ?? "201"));
    expect(codes.filter((c) => c === "201")).toHaveLength(10);
    expect(codes.slice(10).every((c) => c === "OBJECT_RATE_LIMITED")).toBe(true);
    expect((await post(event(operator, g.obj, "other kinds go on"))).status).toBe(201);
    await stillUp();
  });
});
