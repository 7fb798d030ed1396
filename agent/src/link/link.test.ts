import { type AddressInfo, createServer, type Socket } from "node:net";
import { downTopic, objectIdToText, upTopic } from "@tet/schemas";
import mqtt from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Mosquitto,
  mosquittoAvailable,
  nextEvent,
  runTsProbe,
  startMosquitto,
} from "../test-support/index.js";
import { backoffDelay } from "./backoff.js";
import { parseBrokerUrl } from "./brokerUrl.js";
import { Link, type LinkOptions } from "./link.js";

const hasBroker = mosquittoAvailable();
let n = 0;
const freshObject = () => objectIdToText(Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? ++n : i + 40)));

describe("backoff and broker URLs", () => {
  it("doubles the ceiling per attempt up to the cap, with full jitter", () => {
    const o = { minMs: 1000, maxMs: 60_000, random: () => 1 };
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, o))).toEqual([1000, 2000, 4000, 8000, 60_000]);
    expect(backoffDelay(5, { ...o, random: () => 0.25 })).toBe(8000);
    expect(backoffDelay(5, { ...o, random: () => 0 })).toBe(500); // never a hot loop
  });

  it("reads IPv6 literals, IPv4 and host names, with the IANA default ports", () => {
    expect(parseBrokerUrl("mqtt://[::1]:1884")).toEqual({ protocol: "mqtt", host: "::1", port: 1884 });
    expect(parseBrokerUrl("mqtts://[2001:db8::5]")).toEqual({
      protocol: "mqtts",
      host: "2001:db8::5",
      port: 8883,
    });
    expect(parseBrokerUrl("mqtt://127.0.0.1")).toEqual({ protocol: "mqtt", host: "127.0.0.1", port: 1883 });
    expect(() => parseBrokerUrl("http://x")).toThrow("mqtt://");
  });
});

describe.skipIf(!hasBroker)("Link against Mosquitto", () => {
  let broker: Mosquitto;
  const links: Link[] = [];
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(() => broker?.close());
  afterEach(async () => {
    await Promise.all(links.splice(0).map((l) => l.stop()));
  });

  const link = (o: Partial<LinkOptions> & { objectId: string }) => {
    const l = new Link({
      url: `mqtt://[::1]:${broker.port}`,
      protocol: 4,
      password: () => new Uint8Array([1, 2, 3]),
      backoff: { minMs: 20, maxMs: 200 },
      ...o,
    });
    links.push(l);
    return l;
  };
  const observer = async (url: string) => {
    const c = await mqtt.connectAsync(url, { protocolVersion: 4 });
    return c;
  };

  it.each([
    [4, "[::1]"],
    [5, "127.0.0.1"],
  ] as const)(
    "MQTT %i over %s: publishes statements to up and receives down messages",
    async (protocol, host) => {
      const objectId = freshObject();
      const url = `mqtt://${host}:${broker.port}`;
      const obs = await observer(url);
      await obs.subscribeAsync(upTopic(objectId), { qos: 1 });
      const l = link({ objectId, protocol, url });
      const connected = nextEvent(l, "state", (s) => s === "connected");
      l.start();
      await connected;
      const arrived = new Promise<Buffer>((resolve) => obs.once("message", (_t, p) => resolve(p)));
      await l.publish(Uint8Array.of(0xd2, 1, 2, 3));
      expect([...(await arrived)]).toEqual([0xd2, 1, 2, 3]);
      const down = nextEvent<[Uint8Array]>(l, "message");
      await obs.publishAsync(downTopic(objectId), Buffer.from([9, 8, 7]), { qos: 1 });
      expect([...(await down)[0]]).toEqual([9, 8, 7]);
      await obs.endAsync();
    },
  );

  it("reconnects after the broker restarts, with a fresh password each time", async () => {
    const objectId = freshObject();
    let passwords = 0;
    const l = link({
      objectId,
      password: () => {
        passwords++;
        return Uint8Array.of(passwords);
      },
    });
    l.start();
    await nextEvent(l, "state", (s) => s === "connected");
    const offline = nextEvent(l, "state", (s) => s === "offline");
    await broker.stop();
    await offline;
    const back = nextEvent(l, "state", (s) => s === "connected");
    await broker.start();
    await back;
    expect(passwords).toBeGreaterThanOrEqual(2);
  });

  it("stays light on mqtt://: no other transport is loaded and no table of packet ids is built", () => {
    // A process of its own: mqtt.connect elsewhere in this file loads every transport.
    const probe = `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const { Link } = await import("./agent/src/link/index.ts");
      const l = new Link({ url: "mqtt://[::1]:${broker.port}", protocol: 4, objectId: "${freshObject()}", password: () => new Uint8Array([1]) });
      l.start();
      await new Promise((resolve) => l.on("state", (s) => s === "connected" && resolve()));
      await l.publish(Uint8Array.of(1));
      await l.stop();
      const loaded = Object.keys(require.cache).filter((k) => /node_modules\\/(ws|socks)\\/|mqtt\\/build\\/lib\\/connect\\/(tcp|tls|ws)\\.js/.test(k));
      console.log(JSON.stringify({ loaded, cacheNumbers: require("mqtt-packet").writeToStream.cacheNumbers }));`;
    expect(runTsProbe(probe)).toEqual({ loaded: [], cacheNumbers: false });
  });

  it("rejects a publish while offline instead of queueing it in memory", async () => {
    const l = link({ objectId: freshObject() });
    await expect(l.publish(Uint8Array.of(1))).rejects.toThrow("not connected");
  });
});

describe.skipIf(!hasBroker)("Link refused by the broker", () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await startMosquitto({ auth: "deny" });
  });
  afterAll(() => broker?.close());

  it.each([
    [4, 5], // MQTT 3.1.1 CONNACK return code 5: not authorized [MQTT-3.2.2-5]
    [5, 0x87], // MQTT 5 reason code 0x87: Not authorized
  ] as const)(
    "MQTT %i: reports refusal code %i and backs off with growing delays",
    async (protocol, code) => {
      let attempts = 0;
      const l = new Link({
        url: `mqtt://127.0.0.1:${broker.port}`,
        protocol,
        objectId: freshObject(),
        password: () => {
          attempts++;
          return Uint8Array.of(attempts);
        },
        backoff: { minMs: 10, maxMs: 80, random: () => 1 },
      });
      const refused = nextEvent<[number]>(l, "refused");
      const delays: number[] = [];
      const third = new Promise<void>((resolve) =>
        l.on("retry", (_a, d) => {
          delays.push(d);
          if (delays.length === 4) resolve();
        }),
      );
      l.start();
      expect((await refused)[0]).toBe(code);
      await third;
      await l.stop();
      expect(delays).toEqual([10, 20, 40, 80]);
      expect(attempts).toBe(4);
      expect(l.state).toBe("stopped");
    },
  );
});

describe("Link stopped before its CONNACK", { timeout: 10_000 }, () => {
  it("closes its socket at once, so the process can exit (mqtt.js would hold it for its 30 s connect timeout)", async () => {
    // A broker that takes the connection and the CONNECT but never answers, like a backend still
    // checking the login under load.
    const server = createServer();
    const accepted = new Promise<Socket>((resolve) => server.once("connection", resolve));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const l = new Link({
        url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`,
        protocol: 4,
        objectId: freshObject(),
        password: () => Uint8Array.of(1),
      });
      l.start();
      const socket = await accepted;
      await new Promise((resolve) => socket.once("data", resolve)); // the CONNECT arrived
      const closed = new Promise((resolve) => socket.once("close", resolve));
      await l.stop();
      await closed; // before the fix: only after 30 s, past the test's timeout
      expect(l.state).toBe("stopped");
    } finally {
      server.close();
    }
  });
});
