import { spawn } from "node:child_process";
import { once } from "node:events";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Bridge } from "../bridge/index.js";
import { encodeFrame, type Message } from "../frame/index.js";
import { buildC, socatPair, toolsMissing } from "../test-support/index.js";
import { createTransport, parseTransport } from "./createTransport.js";
import type { Transport } from "./transport.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Runs a bridge until it has seen a message matching `last`; returns everything it saw. */
async function collect(
  transport: Transport,
  last: (m: Message) => boolean,
  onMessage?: (m: Message, b: Bridge) => void,
) {
  const bridge = new Bridge({ transport, reconnect: { minMs: 20, maxMs: 200 } });
  cleanups.push(() => bridge.stop());
  const messages: Message[] = [];
  const rejected: string[] = [];
  bridge.on("rejected", (code) => rejected.push(code));
  const done = new Promise<void>((resolve) =>
    bridge.on("message", (m) => {
      messages.push(m);
      onMessage?.(m, bridge);
      if (last(m)) resolve();
    }),
  );
  const opened = once(bridge, "state");
  bridge.start();
  await opened;
  return { bridge, messages, rejected, done };
}

const nonce = new Uint8Array(16).map((_, i) => i * 17);
const nonceHex = Buffer.from(nonce).toString("hex");
const answerLogin = (m: Message, b: Bridge) => {
  if (m.type === "hello") void b.send({ type: "login", ts: 1_790_000_000_000, nonce });
};
const isLoginAnswer = (m: Message) => m.type === "event" && m.name === "login";

/** What tb_sensor (c/examples/tb_sensor.c) says, in order, with 3 readings. */
const fromSensor: Message[] = [
  { type: "hello", firmware: "1.0.0", device: "tb-sensor", sensors: ["temperature", "humidity", "door"] },
  { type: "reading", reading: { name: "temperature", value: 20, unit: "Cel" } },
  { type: "reading", reading: { name: "temperature", value: 20.5, unit: "Cel" } },
  { type: "reading", reading: { name: "temperature", value: 21, unit: "Cel" } },
  {
    type: "batch",
    readings: [
      { name: "temperature", value: 22.25, unit: "Cel" },
      { name: "humidity", value: 45, unit: "%RH" },
    ],
  },
  { type: "event", name: "door", value: true },
  { type: "event", name: "login", value: nonceHex },
];

describe.skipIf(toolsMissing("cc", "socat"))(
  "serial over a real pseudo-terminal pair (socat) and a C program",
  () => {
    it("receives every good frame in order, counts and skips the junk and the damaged frame, and talks back", async () => {
      const pty = await socatPair();
      cleanups.push(pty.close);
      const { messages, rejected, done, bridge } = await collect(
        createTransport(`serial:${pty.host}?baud=115200`),
        isLoginAnswer,
        answerLogin,
      );
      const program = spawn(buildC("examples/tb_sensor.c"), [pty.mcu, "3"], { stdio: "inherit" });
      const exited = once(program, "exit");
      await done;
      expect(messages).toEqual(fromSensor);
      expect(rejected).toEqual(["FRAME_COBS", "FRAME_CRC"]);
      expect(bridge.stats()).toMatchObject({ frames: 7, rejected: { FRAME_COBS: 1, FRAME_CRC: 1 } });
      expect((await exited)[0]).toBe(0);
    });
  },
);

describe.skipIf(toolsMissing("cc"))("stdio: the C program's stdout and stdin", () => {
  it("reads the same frames from a child program and writes the login request to its stdin", async () => {
    const { messages, rejected, done } = await collect(
      createTransport("stdio:", [buildC("examples/tb_sensor.c"), "-", "3"]),
      isLoginAnswer,
      answerLogin,
    );
    await done;
    expect(messages).toEqual(fromSensor);
    expect(rejected).toEqual(["FRAME_COBS", "FRAME_CRC"]);
  });
});

describe("tcp", () => {
  it("reads frames from a socket, and reconnects after the peer drops the line mid-frame", async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => {
      sockets.push(s);
      const n = sockets.length;
      const frame = encodeFrame({ type: "reading", reading: { name: "connection", value: n } });
      // The first connection dies in the middle of its second frame.
      s.end(n === 1 ? Buffer.concat([frame, frame.subarray(0, 5)]) : frame);
    });
    server.listen(0, "::1");
    await once(server, "listening");
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as AddressInfo;
    const { messages, rejected, done, bridge } = await collect(
      createTransport(`tcp://[::1]:${port}`),
      (m) => m.type === "reading" && m.reading.value === 2,
    );
    await done;
    expect(messages.map((m) => (m.type === "reading" ? m.reading.value : m.type))).toEqual([1, 2]);
    expect(rejected).toEqual(["FRAME_COBS"]); // the cut-off frame, closed by the disconnect
    expect(bridge.stats().opens).toBe(2);
  });

  it("parses transport strings and refuses others", () => {
    expect(parseTransport("serial:/dev/ttyUSB0?baud=9600")).toEqual({
      kind: "serial",
      path: "/dev/ttyUSB0",
      baudRate: 9600,
    });
    expect(parseTransport("tcp://[2001:db8::7]:4001")).toEqual({
      kind: "tcp",
      host: "2001:db8::7",
      port: 4001,
    });
    expect(parseTransport("stdio:", ["fw"])).toEqual({ kind: "stdio", command: ["fw"] });
    expect(() => parseTransport("usb:1")).toThrow(/TRANSPORT|serial:PATH/);
    expect(() => parseTransport("serial:/dev/x?baud=fast")).toThrow(/baud/);
  });
});
