import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tETTimelockAbi } from "../../generated/artifacts.js";
import { PROFILES, readReserve } from "../client/index.js";
import { LOCAL_FUNDS, startLocalChain } from "./startLocalChain.js";

const dir = mkdtempSync(join(tmpdir(), "tet-local-chain-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("startLocalChain", () => {
  it("lists EUR and USD beside the RUB peg through the timelock, and leaves the deployer no timelock role", async () => {
    const chain = await startLocalChain({ stateFile: join(dir, "anvil-state.json") });
    const reserve = chain.deployment.reserve;
    try {
      const { clients, deployment: d } = chain;
      const r = await readReserve(clients, d);
      expect(r.funds.map((f) => f.currency)).toEqual(["RUB", "EUR", "USD"]);
      for (const want of LOCAL_FUNDS) {
        const f = r.funds.find((x) => x.currency === want.currency);
        expect(f?.rate, want.currency).toBe(want.quote);
        expect(f?.bufferBps).toBe(want.bufferBps);
      }
      expect(d.funds).toEqual(["EUR", "USD"]);
      const read = (functionName: "getMinDelay" | "PROPOSER_ROLE" | "DEFAULT_ADMIN_ROLE") =>
        clients.public.readContract({ address: d.timelock, abi: tETTimelockAbi, functionName });
      // The delay the profile asks for, set by the timelock itself at the end of the listing batch.
      expect(await read("getMinDelay")).toBe(BigInt(PROFILES.local.timelockDelaySeconds));
      for (const role of [await read("PROPOSER_ROLE"), await read("DEFAULT_ADMIN_ROLE")])
        expect(
          await clients.public.readContract({
            address: d.timelock,
            abi: tETTimelockAbi,
            functionName: "hasRole",
            args: [role as `0x${string}`, d.deployer],
          }),
        ).toBe(false);
    } finally {
      await chain.stop();
    }
    // The next start finds the same deployment in the state file and lists nothing again.
    const again = await startLocalChain({ stateFile: join(dir, "anvil-state.json") });
    try {
      expect(again.deployment.reserve).toBe(reserve);
      expect((await readReserve(again.clients, again.deployment)).funds).toHaveLength(3);
    } finally {
      await again.stop();
    }
  }, 60_000);
});
