// The firmware bridge's figures: frames decoded per second by the TypeScript stream decoder (a
// reading, a batch of 8, a pass-through statement), the reference C code's frames per second on this
// host, and the code size of the C encoder and decoder (the .text of each object file, -Os).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nobleSigner, signStatement } from "@tet/schemas";
import { opsPerSecond, report } from "../../scripts/bench/report.js";
import { encodeFrame, FrameDecoder, type Message } from "../src/index.js";

const suite = "firmware-bridge";
const reading: Message = { type: "reading", reading: { name: "temperature", value: 21.5, unit: "Cel" } };
const batch: Message = {
  type: "batch",
  readings: Array.from({ length: 8 }, (_, i) => ({ name: `sensor${i}`, value: 20 + i * 0.37, unit: "Cel" })),
};
const statement: Message = {
  type: "statement",
  bytes: signStatement(
    {
      v: 1,
      t: "state",
      ts: 1_790_000_000_000,
      obj: new Uint8Array(16).fill(3),
      seq: 42,
      prev: new Uint8Array(32).fill(9),
      readings: { temperature: { v: 21.5, u: "Cel" }, humidity: { v: 48.25, u: "%RH" } },
    },
    nobleSigner(new Uint8Array(32).fill(7)),
  ),
};

// 64 frames per chunk, as a UART read would hand them over.
for (const [name, m] of [
  ["reading", reading],
  ["batch of 8 readings", batch],
  ["pass-through statement", statement],
] as const) {
  const frame = encodeFrame(m);
  const chunk = Buffer.concat(Array.from({ length: 64 }, () => frame));
  const d = new FrameDecoder();
  const chunks = opsPerSecond(() => d.push(chunk));
  if (d.rejected > 0) throw new Error("the bench stream did not decode");
  report({
    suite,
    name: `decode frames: ${name}`,
    value: chunks * 64,
    unit: "frames/s",
    note: `${frame.length}-byte frame`,
  });
}
report({
  suite,
  name: "encode frames: reading",
  value: opsPerSecond(() => encodeFrame(reading)),
  unit: "frames/s",
});

const c = new URL("../c/", import.meta.url).pathname;
const has = (cmd: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
if (!has("cc") || !has("size")) {
  process.stderr.write("firmware-bridge bench: no cc or size, C figures skipped\n");
} else {
  const dir = mkdtempSync(join(tmpdir(), "tet-fw-bench-"));
  const cc = (args: string[]) => execFileSync("cc", ["-std=c99", ...args], { encoding: "utf8" });
  const version = cc(["--version"]).split("\n")[0];
  const text = (file: string) => {
    const o = join(dir, `${file}.o`);
    cc(["-Os", "-c", join(c, file), "-o", o]);
    // Berkeley format: "text data bss dec hex filename" then the figures.
    return Number(execFileSync("size", [o], { encoding: "utf8" }).split("\n")[1]!.trim().split(/\s+/)[0]);
  };
  const crc = text("tb_crc32.c");
  const enc = text("tb_encode.c");
  const dec = text("tb_decode.c");
  const note = `${process.arch}, ${version}, -Os, .text`;
  report({
    suite,
    name: "C encoder code size (tb_encode.o + tb_crc32.o)",
    value: enc + crc,
    unit: "bytes",
    note,
  });
  report({
    suite,
    name: "C decoder code size (tb_decode.o + tb_crc32.o)",
    value: dec + crc,
    unit: "bytes",
    note,
  });
  const bin = join(dir, "tb_bench");
  cc([
    "-O2",
    "-o",
    bin,
    ...["bench/tb_bench.c", "tb_encode.c", "tb_decode.c", "tb_crc32.c"].map((f) => join(c, f)),
  ]);
  const [, encode, , decode, , bytes] = execFileSync(bin, { encoding: "utf8" }).trim().split(" ");
  report({
    suite,
    name: "C encode frames: reading",
    value: Number(encode),
    unit: "frames/s",
    note: `${bytes}-byte frame, -O2`,
  });
  report({
    suite,
    name: "C decode frames: reading",
    value: Number(decode),
    unit: "frames/s",
    note: "byte-at-a-time tb_feed, -O2",
  });
  rmSync(dir, { recursive: true, force: true });
}
