import {
  type Abi,
  type Address,
  encodeFunctionData,
  keccak256,
  maxUint256,
  parseEventLogs,
  toHex,
  zeroAddress,
} from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { custodianBoardAbi, reserveAbi, tETGovernorAbi, tETTokenAbi } from "../../generated/artifacts.js";
import {
  att,
  cents,
  type DevChain,
  expectReserveInvariants,
  fundView,
  startDevChain,
  tet,
} from "../test-support/index.js";
import { type ChainClients, transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import { deposit } from "./custodians.js";
import { listFund, readReserve, redeem } from "./reserve.js";

// Governance by holders through the real arrangement: the timelock alone governs; the public profile's
// periods (1-day voting delay, 5-day vote, 2-day timelock, 14 days for a signer set change).
const DAY = 86_400;
let c: DevChain;
beforeAll(async () => {
  c = await startDevChain({
    keepGovernance: false,
    votingDelaySeconds: DAY,
    votingPeriodSeconds: 5 * DAY,
    timelockDelaySeconds: 2 * DAY,
    signerChangeDelaySeconds: 14 * DAY,
    maxRateAge: 30 * DAY, // no oracle runs during these weeks
  });
  await deposit(c.admin, c.d, {
    currency: "RUB",
    amount: cents(1_000_000),
    buyer: addr(c.alice),
    attestation: att(),
  });
  await deposit(c.admin, c.d, {
    currency: "RUB",
    amount: cents(1_000),
    buyer: addr(c.bob),
    attestation: att(),
  });
  for (const who of [c.alice, c.bob]) await delegate(who);
  await c.advance(2); // the checkpoints are in the past of the next block
});
afterAll(() => c?.anvil.stop());

function addr(x: ChainClients): Address {
  return x.wallet.account.address;
}
async function delegate(who: ChainClients) {
  await transact(who, "delegate", () =>
    who.wallet.writeContract({
      address: c.d.token,
      abi: tETTokenAbi,
      functionName: "delegate",
      args: [addr(who)],
    }),
  );
}
const gov = { abi: tETGovernorAbi } as const;
const State = { Pending: 0, Active: 1, Defeated: 3, Succeeded: 4, Queued: 5, Executed: 7 } as const;
type Call = { target: Address; abi: Abi; functionName: string; args: readonly unknown[] };
const onReserve = (functionName: string, args: readonly unknown[]): Call => ({
  target: c.d.reserve,
  abi: reserveAbi,
  functionName,
  args,
});
const listing = (quote: bigint, bufferBps = 0) => ({
  decimals: 2,
  quote,
  minRate: 1n,
  maxRate: tet(1_000),
  token: zeroAddress,
  bufferBps,
  mintCap: maxUint256,
});

/** Propose (alice), wait the voting delay, vote, wait the period, queue, wait the timelock, execute. */
async function runProposal(calls: Call[], description: string, during?: () => Promise<void>) {
  const args = [
    calls.map((x) => x.target),
    calls.map(() => 0n),
    calls.map((x) => encodeFunctionData({ abi: x.abi, functionName: x.functionName, args: x.args } as never)),
  ] as const;
  const proposed = await transact(c.alice, "propose", () =>
    c.alice.wallet.writeContract({
      ...gov,
      address: c.d.governor,
      functionName: "propose",
      args: [...args, description],
    }),
  );
  const id = parseEventLogs({ abi: tETGovernorAbi, logs: proposed.logs, eventName: "ProposalCreated" })[0]!
    .args.proposalId;
  const state = () =>
    c.admin.public.readContract({ ...gov, address: c.d.governor, functionName: "state", args: [id] });
  expect(await state()).toBe(State.Pending);
  await c.advance(DAY + 1);
  expect(await state()).toBe(State.Active);
  await during?.(); // after the snapshot
  for (const voter of [c.alice, c.bob, c.carol])
    await transact(voter, "vote", () =>
      voter.wallet.writeContract({ ...gov, address: c.d.governor, functionName: "castVote", args: [id, 1] }),
    );
  await c.advance(5 * DAY);
  expect(await state()).toBe(State.Succeeded);
  const dh = keccak256(toHex(description));
  const step = (functionName: "queue" | "execute") =>
    transact(c.bob, functionName, () =>
      c.bob.wallet.writeContract({ ...gov, address: c.d.governor, functionName, args: [...args, dh] }),
    );
  await step("queue");
  await c.advance(2 * DAY - 60);
  await expect(step("execute")).rejects.toMatchObject({ code: "CONTRACT_REVERTED" }); // timelock not over
  await c.advance(61);
  await step("execute");
  expect(await state()).toBe(State.Executed);
  return id;
}

it("proposing takes 0.25 % of circulating TET; quorum is 10 % of circulating, pool tokens excluded", async () => {
  const threshold = await c.admin.public.readContract({
    ...gov,
    address: c.d.governor,
    functionName: "proposalThreshold",
  });
  expect(threshold).toBe((tet(1_001_000) * 25n) / 10_000n);
  await expect(
    transact(c.bob, "propose", () =>
      c.bob.wallet.writeContract({
        ...gov,
        address: c.d.governor,
        functionName: "propose",
        args: [
          [c.d.reserve],
          [0n],
          [encodeFunctionData({ abi: reserveAbi, functionName: "setGuardian", args: [addr(c.bob)] })],
          "bob",
        ],
      }),
    ),
  ).rejects.toMatchObject({ revertName: "GovernorInsufficientProposerVotes" });
  const now = await c.now();
  const quorum = await c.admin.public.readContract({
    ...gov,
    address: c.d.governor,
    functionName: "quorum",
    args: [BigInt(now - 1)],
  });
  expect(quorum).toBe(tet(100_100));
});

it("holders list currencies by vote; nobody lists directly; TET bought after the snapshot has no weight", async () => {
  await expect(
    listFund(c.admin, c.d, {
      currency: "USD",
      decimals: 2,
      quote: tet(50),
      minRate: 1n,
      maxRate: tet(1_000),
    }),
  ).rejects.toMatchObject({ revertName: "Unauthorized" });
  const id = await runProposal(
    [
      onReserve("listFund", [currencyId("USD"), listing(tet(50), 200)]),
      onReserve("listFund", [currencyId("EUR"), listing(tet(55))]),
    ],
    "List USD and EUR",
    async () => {
      await deposit(c.admin, c.d, {
        currency: "RUB",
        amount: cents(10_000_000),
        buyer: addr(c.carol),
        attestation: att(),
      });
      await delegate(c.carol);
    },
  );
  const votes = await c.admin.public.readContract({
    ...gov,
    address: c.d.governor,
    functionName: "getVotes",
    args: [addr(c.carol), BigInt((await c.now()) - 1)],
  });
  expect(votes).toBe(tet(10_000_000));
  const snapshot = await c.admin.public.readContract({
    ...gov,
    address: c.d.governor,
    functionName: "proposalSnapshot",
    args: [id],
  });
  expect(
    await c.admin.public.readContract({
      ...gov,
      address: c.d.governor,
      functionName: "getVotes",
      args: [addr(c.carol), snapshot],
    }),
  ).toBe(0n);
  expect((await readReserve(c.admin, c.d)).funds.map((f) => f.currency)).toEqual(["RUB", "USD", "EUR"]);
});

it("holders delist a used fund and move the peg to USD by vote", async () => {
  await deposit(c.admin, c.d, {
    currency: "EUR",
    amount: cents(1_000),
    buyer: addr(c.alice),
    attestation: att(),
  });
  await deposit(c.admin, c.d, {
    currency: "USD",
    amount: cents(1_000),
    buyer: addr(c.alice),
    attestation: att(),
  });
  // EUR was used; its holders (any holders: backing is pooled) redeem what it backs.
  const eur = await fundView(c, "EUR");
  await redeem(c.alice, c.d, { currency: "EUR", tet: eur.value - eur.buffer, payoutRef: att() });
  const before = await readReserve(c.admin, c.d);
  await runProposal(
    [
      onReserve("setPeg", [currencyId("USD")]),
      onReserve("delistFund", [currencyId("EUR"), addr(c.admin), att()]),
    ],
    "Peg to USD; delist EUR",
  );
  const after = await expectReserveInvariants(c.admin, c.d);
  expect([after.pegFund, after.tetPerPeg]).toEqual([currencyId("USD"), tet(50)]);
  expect(after.funds.map((f) => f.currency)).toEqual(["RUB", "USD"]);
  expect([after.circulating, after.backing]).toEqual([before.circulating, before.backing]);
});

it("governance cannot grant itself minting: custodians change only after vote, timelock and 14 days", async () => {
  expect(reserveAbi.some((x) => x.type === "function" && (x.name as string) === "grantRole")).toBe(false);
  const start = await c.now();
  await runProposal(
    [
      {
        target: c.d.custodianBoard,
        abi: custodianBoardAbi,
        functionName: "proposeSigners",
        args: [[c.d.timelock], 1n],
      },
    ],
    "Make the timelock the only custodian",
  );
  const board = { address: c.d.custodianBoard, abi: custodianBoardAbi } as const;
  const readyAt = await c.admin.public.readContract({ ...board, functionName: "pendingReadyAt" });
  expect(Number(readyAt) - start).toBeGreaterThanOrEqual(DAY + 5 * DAY + 2 * DAY + 14 * DAY);
  const apply = () =>
    transact(c.bob, "applySigners", () =>
      c.bob.wallet.writeContract({ ...board, functionName: "applySigners" }),
    );
  await expect(apply()).rejects.toMatchObject({ revertName: "ChangeNotReady" });
  // The guardian sees it coming and cancels.
  await transact(c.admin, "cancelSigners", () =>
    c.admin.wallet.writeContract({ ...board, functionName: "cancelSigners" }),
  );
  await c.advance(14 * DAY);
  await expect(apply()).rejects.toMatchObject({ revertName: "NothingPending" });
});
