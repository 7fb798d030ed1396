import { type ChildProcessByStdio, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildC, cCommand, fromJson, loadVectors, toolsMissing } from "../test-support/index.js";
import { cobsDecode } from "./cobs.js";
import { encodeFrame } from "./frameCodec.js";

// The reference C code (c/) against the same vector file as the TypeScript codec: tb_vectors
// answers one line per command on stdin.
const skip = toolsMissing("cc");
const v = loadVectors();
let child: ChildProcessByStdio<Writable, Readable, null>;
let answers: AsyncIterator<string>;

async function ask(command: string): Promise<string> {
  child.stdin.write(`${command}\n`);
  const r = await answers.next();
  if (r.done) throw new Error(`tb_vectors exited before answering ${command.slice(0, 40)}`);
  return r.value;
}

describe.skipIf(skip)("reference C code ↔ the shared vectors", () => {
  beforeAll(() => {
    child = spawn(buildC("test/tb_vectors.c", { sanitize: true }), { stdio: ["pipe", "pipe", "inherit"] });
    answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  });
  afterAll(() => child?.kill());

  it.each(v.crc32)("tb_crc32 of $input is $crc", async ({ input, crc }) => {
    expect(await ask(`crc ${input}`)).toBe(crc);
  });

  it.each(v.cobs)("tb_cobs_encode $raw → $encoded", async ({ raw, encoded }) => {
    expect(await ask(`cobs ${raw}`)).toBe(encoded);
  });

  const mcuFrames = v.frames.filter((f) => f.message.type !== "login" && f.message.type !== "down");
  it.each(mcuFrames)("the C encoder writes $name byte for byte", async ({ message, wire }) => {
    expect(await ask(cCommand(fromJson(message)))).toBe(wire);
  });

  it.each(v.frames)("the C decoder reads $name: type and payload", async ({ wire }) => {
    const raw = cobsDecode(new Uint8Array(Buffer.from(wire, "hex")).subarray(0, -1))!;
    const hex = Buffer.from(raw).toString("hex");
    // type, then the payload between the 2-byte header and the CRC of the un-stuffed frame
    expect(await ask(`decode ${wire}`)).toBe(`ok ${hex.slice(2, 4)} ${hex.slice(4, -8)};`);
  });

  it.each(v.streams)("the C stream decoder: $name → $c", async ({ wire, c }) => {
    const answer = await ask(`decode ${wire}`);
    expect(
      answer
        .split(";")
        .filter(Boolean)
        .map((r) => (r.startsWith("ok ") ? "ok" : r)),
    ).toEqual(c);
  });

  it("tb_login reads the host's login request", async () => {
    const login = v.frames.find((f) => f.message.type === "login")!;
    const m = fromJson(login.message);
    if (m.type !== "login") throw new Error("vector");
    expect(await ask(`login ${login.wire}`)).toBe(`${m.ts} ${Buffer.from(m.nonce).toString("hex")}`);
    const reading = v.frames.find((f) => f.message.type === "reading")!;
    expect(await ask(`login ${reading.wire}`)).toBe("FRAME_PAYLOAD");
  });

  it("random noise never crashes the C decoder, and the frame after the next delimiter decodes", async () => {
    const frame = Buffer.from(v.frames[2]!.wire, "hex");
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), async (noise) => {
        const stream = Buffer.concat([noise, Uint8Array.of(0), frame]).toString("hex");
        const results = (await ask(`decode ${stream}`)).split(";").filter(Boolean);
        expect(results.at(-1)).toMatch(/^ok 02 /);
      }),
      { numRuns: 150 },
    );
  });

  it("the C encoder and the TypeScript decoder agree on random readings", async () => {
    for (let i = 0; i < 200; i++) {
      const value = [i * 1.37 - 50, (i * 7919) % 100_003, i % 2 === 0, `s${i}`][i % 4]!;
      const m = { type: "reading" as const, reading: { name: `r${i}`, value, unit: "W" } };
      expect(await ask(cCommand(m))).toBe(Buffer.from(encodeFrame(m)).toString("hex"));
    }
  });
});
