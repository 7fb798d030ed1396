import { keccak256, toHex } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { anchorAbi } from "../../generated/artifacts.js";
import { type DevChain, startDevChain } from "../test-support/index.js";
import { anchorCheckpoint, latestCheckpoint } from "./anchor.js";

let c: DevChain;
beforeAll(async () => {
  c = await startDevChain();
});
afterAll(() => c?.anvil.stop());

const ORIGIN = "tet.example/log";
const root = (n: number) => keccak256(toHex(`root ${n}`));

it("records growing checkpoints per origin; anyone reads the latest", async () => {
  expect(await latestCheckpoint(c.bob, c.d, ORIGIN)).toBeNull();
  await anchorCheckpoint(c.admin, c.d, { origin: ORIGIN, size: 10n, root: root(10) });
  await anchorCheckpoint(c.admin, c.d, { origin: ORIGIN, size: 25n, root: root(25) });
  await anchorCheckpoint(c.admin, c.d, { origin: "other.example/log", size: 3n, root: root(3) });
  const latest = await latestCheckpoint(c.bob, c.d, ORIGIN);
  expect(latest).toMatchObject({ size: 25n, root: root(25) });
  expect(latest?.timestamp).toBe(await c.now());
  const count = await c.bob.public.readContract({
    address: c.d.anchor,
    abi: anchorAbi,
    functionName: "checkpointCount",
    args: [ORIGIN],
  });
  expect(count).toBe(2n);
  const first = await c.bob.public.readContract({
    address: c.d.anchor,
    abi: anchorAbi,
    functionName: "checkpointAt",
    args: [ORIGIN, 0n],
  });
  expect(first).toMatchObject({ size: 10n, root: root(10) });
});

it("refuses other keys, shrinking or equal sizes, a conflicting root and an empty origin", async () => {
  await anchorCheckpoint(c.admin, c.d, { origin: "o", size: 5n, root: root(5) });
  const cases: [Parameters<typeof anchorCheckpoint>[2], string, DevChain["admin"]][] = [
    [{ origin: "o", size: 6n, root: root(6) }, "AccessControlUnauthorizedAccount", c.bob],
    [{ origin: "o", size: 4n, root: root(4) }, "CheckpointNotNewer", c.admin],
    [{ origin: "o", size: 5n, root: root(5) }, "CheckpointNotNewer", c.admin],
    [{ origin: "o", size: 5n, root: root(55) }, "CheckpointConflict", c.admin],
    [{ origin: "", size: 1n, root: root(1) }, "EmptyOrigin", c.admin],
  ];
  for (const [args, name, who] of cases) {
    await expect(anchorCheckpoint(who, c.d, args)).rejects.toMatchObject({
      code: "CONTRACT_REVERTED",
      revertName: name,
    });
  }
});
