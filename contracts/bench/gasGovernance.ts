// Gas of a governance round trip (gas.bench.ts): delegate, propose, vote, queue and execute a fund
// listing on a chain where only the timelock governs.
import { startDevChain } from "@tet/contracts/test-support";
import { encodeFunctionData, keccak256, maxUint256, parseEventLogs, toHex, zeroAddress } from "viem";
import { reserveAbi, tETGovernorAbi, tETTokenAbi } from "../generated/artifacts.ts";
import { currencyId, deposit, transact } from "../src/index.js";
import { att, gas, tet } from "./gasReport.ts";

/** Deploys a chain of its own and reports each step's gas. */
export async function governanceGas() {
  // The real arrangement: only the timelock governs; the local profile's short periods.
  const g = await startDevChain({ keepGovernance: false });
  try {
    const alice = g.alice.wallet.account.address;
    await deposit(g.admin, g.d, { currency: "RUB", amount: 100_000_000n, buyer: alice, attestation: att() });
    await transact(g.alice, "delegate", () =>
      g.alice.wallet.writeContract({
        address: g.d.token,
        abi: tETTokenAbi,
        functionName: "delegate",
        args: [alice],
      }),
    );
    await g.advance(2);
    const listing = {
      decimals: 2,
      quote: tet(55),
      minRate: 1n,
      maxRate: tet(1000),
      token: zeroAddress,
      bufferBps: 200,
      mintCap: maxUint256,
    };
    const calldatas = [
      encodeFunctionData({ abi: reserveAbi, functionName: "listFund", args: [currencyId("EUR"), listing] }),
    ];
    const args = [[g.d.reserve], [0n], calldatas] as const;
    const gv = { address: g.d.governor, abi: tETGovernorAbi } as const;
    const p = await transact(g.alice, "propose", () =>
      g.alice.wallet.writeContract({ ...gv, functionName: "propose", args: [...args, "List EUR"] }),
    );
    gas("governor.propose", p);
    const id = parseEventLogs({ abi: tETGovernorAbi, logs: p.logs, eventName: "ProposalCreated" })[0]!.args
      .proposalId;
    await g.advance(2);
    gas(
      "governor.castVote",
      await transact(g.alice, "vote", () =>
        g.alice.wallet.writeContract({ ...gv, functionName: "castVote", args: [id, 1] }),
      ),
    );
    await g.advance(301);
    const dh = keccak256(toHex("List EUR"));
    gas(
      "governor.queue",
      await transact(g.alice, "queue", () =>
        g.alice.wallet.writeContract({ ...gv, functionName: "queue", args: [...args, dh] }),
      ),
    );
    await g.advance(61);
    gas(
      "governor.execute (listFund)",
      await transact(g.alice, "execute", () =>
        g.alice.wallet.writeContract({ ...gv, functionName: "execute", args: [...args, dh] }),
      ),
    );
  } finally {
    await g.anvil.stop();
  }
}
