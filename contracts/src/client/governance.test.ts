import { encodeFunctionData, keccak256, parseEventLogs, parseUnits, toHex } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { reserveAbi, tETGovernorAbi, tETTokenAbi } from "../artifacts.js";
import { type DevChain, startDevChain } from "../test-support/devChain.js";
import { type ChainClients, transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import { deposit, listFund, readReserve } from "./reserve.js";

const tet = (n: number) => parseUnits(String(n), 18);
let c: DevChain;
beforeAll(async () => {
  // The real arrangement: the deployer keeps no governance role, only the timelock has it.
  c = await startDevChain({
    keepGovernance: false,
    votingDelayBlocks: 2,
    votingPeriodBlocks: 20,
    timelockDelaySeconds: 3_600,
  });
  await deposit(c.admin, c.d, {
    currency: "RUB",
    amount: 10_000_000n,
    buyer: c.alice.wallet.account.address,
    attestation: keccak256("0x01"),
  });
  await transact(c.alice, "delegate", () =>
    c.alice.wallet.writeContract({
      address: c.d.token,
      abi: tETTokenAbi,
      functionName: "delegate",
      args: [c.alice.wallet.account.address],
    }),
  );
});
afterAll(() => c?.anvil.stop());

const gov = { abi: tETGovernorAbi } as const;
const State = { Active: 1, Defeated: 3, Succeeded: 4, Queued: 5, Executed: 7 } as const;

async function runProposal(
  calls: { functionName: "listFund" | "delistFund" | "setPeg"; args: readonly unknown[] }[],
  description: string,
  lateBuyer?: ChainClients,
) {
  const targets = calls.map(() => c.d.reserve);
  const values = calls.map(() => 0n);
  const calldatas = calls.map((x) =>
    encodeFunctionData({ abi: reserveAbi, functionName: x.functionName, args: x.args } as never),
  );
  const proposed = await transact(c.alice, "propose", () =>
    c.alice.wallet.writeContract({
      ...gov,
      address: c.d.governor,
      functionName: "propose",
      args: [targets, values, calldatas, description],
    }),
  );
  const [created] = parseEventLogs({
    abi: tETGovernorAbi,
    logs: proposed.logs,
    eventName: "ProposalCreated",
  });
  const id = created!.args.proposalId;
  const state = () =>
    c.admin.public.readContract({ ...gov, address: c.d.governor, functionName: "state", args: [id] });
  await c.mine(3);
  expect(await state()).toBe(State.Active);
  // TET bought after the snapshot (voting delay) carries no weight: weights come from the snapshot (EIP-5805).
  if (lateBuyer) {
    await deposit(c.admin, c.d, {
      currency: "RUB",
      amount: 100_000_000n,
      buyer: lateBuyer.wallet.account.address,
      attestation: keccak256(toHex(description)),
    });
    await transact(lateBuyer, "delegate", () =>
      lateBuyer.wallet.writeContract({
        address: c.d.token,
        abi: tETTokenAbi,
        functionName: "delegate",
        args: [lateBuyer.wallet.account.address],
      }),
    );
  }
  await transact(c.alice, "vote", () =>
    c.alice.wallet.writeContract({ ...gov, address: c.d.governor, functionName: "castVote", args: [id, 1] }),
  );
  if (lateBuyer) {
    await transact(lateBuyer, "vote", () =>
      lateBuyer.wallet.writeContract({
        ...gov,
        address: c.d.governor,
        functionName: "castVote",
        args: [id, 0],
      }),
    );
  }
  const [against, forVotes] = await c.admin.public.readContract({
    ...gov,
    address: c.d.governor,
    functionName: "proposalVotes",
    args: [id],
  });
  expect([against, forVotes]).toEqual([0n, tet(98_000)]);
  await c.mine(21);
  expect(await state()).toBe(State.Succeeded);
  const descriptionHash = keccak256(toHex(description));
  await transact(c.alice, "queue", () =>
    c.alice.wallet.writeContract({
      ...gov,
      address: c.d.governor,
      functionName: "queue",
      args: [targets, values, calldatas, descriptionHash],
    }),
  );
  expect(await state()).toBe(State.Queued);
  await expect(
    transact(c.bob, "execute", () =>
      c.bob.wallet.writeContract({
        ...gov,
        address: c.d.governor,
        functionName: "execute",
        args: [targets, values, calldatas, descriptionHash],
      }),
    ),
  ).rejects.toMatchObject({ code: "CONTRACT_REVERTED" }); // the timelock's delay has not passed
  await c.advance(3_601);
  await transact(c.bob, "execute", () =>
    c.bob.wallet.writeContract({
      ...gov,
      address: c.d.governor,
      functionName: "execute",
      args: [targets, values, calldatas, descriptionHash],
    }),
  );
  expect(await state()).toBe(State.Executed);
}

it("holders list currencies through propose, vote, queue and execute; nobody else can", async () => {
  await expect(
    listFund(c.admin, c.d, {
      currency: "USD",
      decimals: 2,
      quote: tet(50),
      minRate: 1n,
      maxRate: tet(1_000),
    }),
  ).rejects.toMatchObject({ revertName: "AccessControlUnauthorizedAccount" });
  await runProposal(
    [
      { functionName: "listFund", args: [currencyId("USD"), 2, tet(50), 1n, tet(1_000)] },
      { functionName: "listFund", args: [currencyId("EUR"), 2, tet(55), 1n, tet(1_000)] },
    ],
    "List USD and EUR",
    c.bob,
  );
  expect((await readReserve(c.admin, c.d)).funds.map((f) => f.currency)).toEqual(["RUB", "USD", "EUR"]);
});

it("holders switch the peg and delist a currency", async () => {
  const before = await readReserve(c.admin, c.d);
  await runProposal(
    [
      { functionName: "setPeg", args: [currencyId("USD")] },
      { functionName: "delistFund", args: [currencyId("EUR")] },
    ],
    "Peg to USD; delist EUR",
  );
  const after = await readReserve(c.admin, c.d);
  expect([after.pegFund, after.tetPerPeg]).toEqual([currencyId("USD"), tet(50)]);
  expect(after.funds.map((f) => f.currency)).toEqual(["RUB", "USD"]);
  expect([after.circulating, after.backing]).toEqual([before.circulating, before.backing]);
});
