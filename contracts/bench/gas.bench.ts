// Gas per operation on a fresh Anvil, and the settlement cost per voucher when redeemed in a batch.
// Run: npm run bench -- gas   (prints through scripts/bench/report.ts)
import {
  encodeFunctionData,
  keccak256,
  parseEventLogs,
  parseUnits,
  type TransactionReceipt,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { report } from "../../scripts/bench/report.ts";
import { reserveAbi, tETGovernorAbi, tETTokenAbi } from "../src/artifacts.ts";
import { anchorCheckpoint } from "../src/client/anchor.ts";
import { transact } from "../src/client/ChainClients.ts";
import { currencyId } from "../src/client/currencyId.ts";
import { deposit, listFund, recapitalize, redeem, setRate } from "../src/client/reserve.ts";
import { openChannel, reclaimChannel, redeemVoucher, redeemVouchers } from "../src/client/settlement.ts";
import { signVoucher } from "../src/client/voucher.ts";
import { DEV_KEYS, startDevChain } from "../src/test-support/devChain.ts";

const tet = (n: number | string) => parseUnits(String(n), 18);
const gas = (name: string, r: TransactionReceipt, note?: string) =>
  report({ suite: "contracts", name, value: Number(r.gasUsed), unit: "gas", ...(note ? { note } : {}) });

const c = await startDevChain({ disputeWindowSeconds: 60 });
try {
  let deployGas = 0n;
  for (let b = BigInt(c.d.startBlock); b <= (await c.admin.public.getBlockNumber()); b++) {
    const block = await c.admin.public.getBlock({ blockNumber: b, includeTransactions: false });
    deployGas += block.gasUsed;
  }
  report({
    suite: "contracts",
    name: "deploy + wire the whole system",
    value: Number(deployGas),
    unit: "gas",
  });
  let n = 0;
  const att = () => keccak256(toHex(`bench ${++n}`));
  const alice = c.alice.wallet.account.address;
  const listing = await listFund(c.admin, c.d, {
    currency: "USD",
    decimals: 2,
    quote: tet(50),
    minRate: 1n,
    maxRate: tet(1000),
  });
  gas("reserve.listFund", listing);
  const depo = async () =>
    (await deposit(c.admin, c.d, { currency: "RUB", amount: 100_000_000n, buyer: alice, attestation: att() }))
      .receipt;
  gas("reserve.deposit (first, new lot)", await depo());
  gas("reserve.deposit (later)", await depo());
  await deposit(c.admin, c.d, { currency: "USD", amount: 10_000_000n, buyer: alice, attestation: att() });
  gas(
    "reserve.setRate (rise: frozen → buffer)",
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(55) }),
  );
  gas(
    "reserve.setRate (fall: buffer → frozen)",
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(52) }),
  );
  gas(
    "reserve.setRate (fall covered by other funds)",
    await setRate(c.admin, c.d, { currency: "USD", quote: tet(47) }),
  );
  gas(
    "reserve.recapitalize",
    await recapitalize(c.admin, c.d, { currency: "RUB", amount: 100n, attestation: att() }),
  );
  gas(
    "reserve.redeem",
    (await redeem(c.alice, c.d, { currency: "RUB", tet: tet(100), payoutRef: att() })).receipt,
  );
  gas(
    "token.transfer",
    await transact(c.alice, "transfer", () =>
      c.alice.wallet.writeContract({
        address: c.d.token,
        abi: tETTokenAbi,
        functionName: "transfer",
        args: [c.bob.wallet.account.address, tet(1)],
      }),
    ),
  );
  gas(
    "token.delegate",
    await transact(c.alice, "delegate", () =>
      c.alice.wallet.writeContract({
        address: c.d.token,
        abi: tETTokenAbi,
        functionName: "delegate",
        args: [alice],
      }),
    ),
  );
  gas(
    "anchor.anchor",
    await anchorCheckpoint(c.admin, c.d, { origin: "tet.example/log", size: 1n, root: keccak256("0x01") }),
  );
  gas(
    "anchor.anchor (next)",
    await anchorCheckpoint(c.admin, c.d, { origin: "tet.example/log", size: 2n, root: keccak256("0x02") }),
  );

  // Settlement: one channel per voucher in the batch (the common case: many payers, one provider).
  const payer = privateKeyToAccount(DEV_KEYS[1]);
  const expiry = BigInt((await c.now()) + 86_400);
  const channels: bigint[] = [];
  for (let i = 0; i < 51; i++)
    channels.push(
      await openChannel(c.alice, c.d, { payee: c.bob.wallet.account.address, amount: tet(10), expiry }),
    );
  const before = await c.admin.public.getBlockNumber();
  await openChannel(c.alice, c.d, { payee: c.bob.wallet.account.address, amount: tet(10), expiry });
  const openBlock = await c.admin.public.getBlock({ blockNumber: before + 2n });
  gas(
    "settlement.open (after approve)",
    await c.admin.public.getTransactionReceipt({ hash: openBlock.transactions[0]! }),
  );
  const voucher = (channel: bigint, cum: bigint) =>
    signVoucher({
      account: payer,
      chainId: c.d.chainId,
      settlement: c.d.settlement,
      voucher: { channel, payee: c.bob.wallet.account.address, cumulativeAmount: cum, expiry },
    });
  gas(
    "settlement.redeem (1st voucher of a channel)",
    await redeemVoucher(c.bob, c.d, await voucher(channels[0]!, tet(1))),
  );
  gas(
    "settlement.redeem (later voucher)",
    await redeemVoucher(c.bob, c.d, await voucher(channels[0]!, tet(2))),
  );
  let used = 1;
  for (const size of [10, 40]) {
    const batch = await Promise.all(channels.slice(used, used + size).map((ch) => voucher(ch, tet(1))));
    used += size;
    const r = await redeemVouchers(c.bob, c.d, batch);
    report({
      suite: "contracts",
      name: `settlement.redeemMany ×${size}, per voucher`,
      value: Number(r.gasUsed) / size,
      unit: "gas",
      note: `${r.gasUsed} total`,
    });
  }
  await c.advance(86_400 + 61);
  gas("settlement.reclaim", await reclaimChannel(c.alice, c.d, channels[0]!));

  // Governance round trip (the deployer kept the governance role here, but the timelock also holds it).
  const calldatas = [
    encodeFunctionData({
      abi: reserveAbi,
      functionName: "listFund",
      args: [currencyId("EUR"), 2, tet(55), 1n, tet(1000)],
    }),
  ];
  const targets = [c.d.reserve];
  const values = [0n];
  const g = { address: c.d.governor, abi: tETGovernorAbi } as const;
  const p = await transact(c.alice, "propose", () =>
    c.alice.wallet.writeContract({
      ...g,
      functionName: "propose",
      args: [targets, values, calldatas, "List EUR"],
    }),
  );
  gas("governor.propose", p);
  const id = parseEventLogs({ abi: tETGovernorAbi, logs: p.logs, eventName: "ProposalCreated" })[0]!.args
    .proposalId;
  await c.mine(2);
  gas(
    "governor.castVote",
    await transact(c.alice, "vote", () =>
      c.alice.wallet.writeContract({ ...g, functionName: "castVote", args: [id, 1] }),
    ),
  );
  await c.mine(51);
  const dh = keccak256(toHex("List EUR"));
  gas(
    "governor.queue",
    await transact(c.alice, "queue", () =>
      c.alice.wallet.writeContract({ ...g, functionName: "queue", args: [targets, values, calldatas, dh] }),
    ),
  );
  await c.advance(3_601);
  gas(
    "governor.execute (listFund)",
    await transact(c.alice, "execute", () =>
      c.alice.wallet.writeContract({ ...g, functionName: "execute", args: [targets, values, calldatas, dh] }),
    ),
  );
} finally {
  await c.anvil.stop();
}
