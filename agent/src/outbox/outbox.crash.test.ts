import { fileURLToPath } from "node:url";
import { parseStatement } from "@tet/schemas";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  deviceSigner,
  exited,
  OBJECT_ID,
  onLines,
  spawnTs,
  tempDir,
  verifyChain,
} from "../test-support/index.js";
import { Outbox } from "./outbox.js";

const WRITER = fileURLToPath(new URL("../test-support/outboxWriter.ts", import.meta.url));

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** Runs the writer until it has reported `kills` stored entries, then SIGKILLs it mid-write. */
async function writeAndKill(dir: string, after: number): Promise<number> {
  const child = spawnTs(WRITER, [dir]);
  let lastStored = 0;
  let count = 0;
  onLines(child, (line) => {
    const [word, n] = line.split(" ");
    if (word !== "stored") return;
    lastStored = Number(n);
    if (++count === after) child.kill("SIGKILL"); // the writer keeps writing until the signal lands
  });
  const { signal } = await exited(child);
  expect(signal).toBe("SIGKILL");
  return lastStored;
}

describe("Outbox under kill -9", () => {
  it("keeps every entry it reported as stored, and the chain continues without a gap or fork", async () => {
    let stored = 0;
    for (let round = 0; round < 4; round++) {
      stored = await writeAndKill(tmp.dir, 5 + Math.floor(Math.random() * 60));
      const outbox = Outbox.open({
        dir: tmp.dir,
        objectId: OBJECT_ID,
        signer: deviceSigner(),
        window: 1_000_000,
      });
      const entries = outbox.unacked().map((e) => e.bytes);
      outbox.close();
      verifyChain(entries); // seq 1, 2, 3 … with every prev matching: no gap, no fork across restarts
      const ns = entries.map((b) => {
        const s = parseStatement(b).statement;
        return s.t === "state" ? s.readings.n?.v : undefined;
      });
      expect(ns.length).toBeGreaterThanOrEqual(stored);
      expect(ns).toEqual(Array.from({ length: ns.length }, (_, i) => i + 1));
    }
  });
});
