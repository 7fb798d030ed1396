// Gas per operation on a fresh Anvil: reserve, token, payment router, settlement (also per voucher in a batch), anchor,
// and a governance round trip. Run: npm run bench -- gas   (prints through scripts/bench/report.ts)

import {
  DEV_KEYS,
  type DevChain,
  deployStablecoin,
  fundStable,
  listStable,
  startDevChain,
} from "@tet/contracts/test-support";
import { keccak256, maxUint256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { report } from "../../scripts/bench/report.ts";
import { settlementAbi, tETTokenAbi } from "../generated/artifacts.ts";
import {
  anchorCheckpoint,
  deposit,
  depositToken,
  listFund,
  openChannel,
  type PaymentOrder,
  pay,
  recapitalize,
  reclaimChannel,
  redeem,
  redeemVoucher,
  redeemVouchers,
  setRate,
  signVoucher,
  transact,
  transferTet,
} from "../src/index.js";
import { governanceGas } from "./gasGovernance.ts";
import { att, gas, tet } from "./gasReport.ts";

async function deployGas(c: DevChain) {
  let total = 0n;
  for (let b = BigInt(c.d.startBlock); b <= (await c.admin.public.getBlockNumber()); b++)
    total += (await c.admin.public.getBlock({ blockNumber: b })).gasUsed;
  report({ suite: "contracts", name: "deploy + wire the whole system", value: Number(total), unit: "gas" });
}

async function reserveAndToken(c: DevChain) {
  const alice = c.alice.wallet.account.address;
  gas(
    "reserve.listFund",
    await listFund(c.admin, c.d, {
      currency: "USD",
      decimals: 2,
      quote: tet(50),
      minRate: 1n,
      maxRate: tet(1000),
      bufferBps: 200,
    }),
  );
  const depo = async (currency = "RUB") =>
    (await deposit(c.admin, c.d, { currency, amount: 100_000_000n, buyer: alice, attestation: att() }))
      .receipt;
  gas("reserve.deposit via custodian board (first, new lot)", await depo());
  gas("reserve.deposit via custodian board (later)", await depo());
  const usdc = await deployStablecoin(c.admin);
  await listStable(c.admin, c.d, { token: usdc, quote: tet(50), bufferBps: 100 });
  await fundStable(c.alice, c.d, { token: usdc, amount: 10n ** 12n });
  await depositToken(c.alice, c.d, { token: usdc, amount: 1_000_000n });
  gas(
    "reserve.depositToken (ERC-20 into custody)",
    (await depositToken(c.alice, c.d, { token: usdc, amount: 1_000_000n })).receipt,
  );
  await depo("USD");
  const rate = async (quote: number) => {
    await c.advance(60);
    return setRate(c.admin, c.d, { currency: "USD", quote: tet(quote) });
  };
  gas("rateOracle.post → reserve.setRate (rise: frozen → buffer)", await rate(55));
  gas("rateOracle.post → reserve.setRate (fall: buffer → frozen)", await rate(52));
  gas("rateOracle.post → reserve.setRate (fall covered by other funds)", await rate(47));
  gas(
    "reserve.recapitalize via custodian board",
    await recapitalize(c.admin, c.d, { currency: "RUB", amount: 100n, attestation: att() }),
  );
  gas(
    "reserve.redeem (fiat: payout instruction)",
    (await redeem(c.alice, c.d, { currency: "RUB", tet: tet(100), payoutRef: att() })).receipt,
  );
  gas(
    "reserve.redeem (ERC-20: transfer out)",
    (await redeem(c.alice, c.d, { currency: usdc, tet: tet(100), payoutRef: att() })).receipt,
  );
  gas(
    "token.transfer (1 lot, fee, to a new holder)",
    (await transferTet(c.alice, c.d, { to: c.bob.wallet.account.address, amount: tet(1) })).receipt,
  );
  gas(
    "token.transfer (1 lot, fee, to a holder of it)",
    (await transferTet(c.alice, c.d, { to: c.bob.wallet.account.address, amount: tet(1) })).receipt,
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
}

async function router(c: DevChain) {
  const alice = c.alice.wallet.account.address;
  const tusd = await deployStablecoin(c.admin);
  await listStable(c.admin, c.d, { token: tusd, quote: tet(50) });
  await fundStable(c.alice, c.d, { token: tusd, amount: 10n ** 12n, spender: c.d.router });
  await deposit(c.admin, c.d, { currency: "RUB", amount: 100_000_000n, buyer: alice, attestation: att() });
  await transact(c.alice, "approve", () =>
    c.alice.wallet.writeContract({
      address: c.d.token,
      abi: tETTokenAbi,
      functionName: "approve",
      args: [c.d.router, maxUint256],
    }),
  );
  const order = async (from: string, amountIn: bigint, to: string): Promise<PaymentOrder> => ({
    payer: alice,
    from,
    amountIn,
    recipient: c.carol.wallet.account.address,
    to,
    minOut: 0n,
    deadline: BigInt((await c.now()) + 600),
    ref: att(),
  });
  await pay(c.alice, c.d, { order: await order(tusd, 1_000_000n, "TET") }); // warm: the fund and the payee exist
  gas(
    "router.pay tUSD → RUB payout (cross-currency)",
    (await pay(c.alice, c.d, { order: await order(tusd, 1_000_000n, "RUB") })).receipt,
  );
  gas(
    "router.pay tUSD → TET",
    (await pay(c.alice, c.d, { order: await order(tusd, 1_000_000n, "TET") })).receipt,
  );
  gas(
    "router.pay TET → TET",
    (await pay(c.alice, c.d, { order: await order("TET", tet(10), "TET") })).receipt,
  );
  gas(
    "router.pay TET → tUSD tokens",
    (await pay(c.alice, c.d, { order: await order("TET", tet(10), tusd) })).receipt,
  );
}

async function settlement(c: DevChain) {
  // One channel per voucher in the batch (the common case: many payers, one provider).
  const payer = privateKeyToAccount(DEV_KEYS[1]);
  const payee = c.bob.wallet.account.address;
  const expiry = BigInt((await c.now()) + 86_400);
  const channels: bigint[] = [];
  for (let i = 0; i < 51; i++)
    channels.push(await openChannel(c.alice, c.d, { payee, amount: tet(10), expiry }));
  const channel = await openChannel(c.alice, c.d, { payee, amount: tet(10), expiry });
  const [opened] = await c.admin.public.getContractEvents({
    address: c.d.settlement,
    abi: settlementAbi,
    eventName: "ChannelOpened",
    args: { channel },
    fromBlock: 0n,
  });
  gas(
    "settlement.open (after approve)",
    await c.admin.public.getTransactionReceipt({ hash: opened!.transactionHash }),
  );
  const voucher = (channel: bigint, cum: bigint) =>
    signVoucher({
      account: payer,
      chainId: c.d.chainId,
      settlement: c.d.settlement,
      voucher: { channel, payee, cumulativeAmount: cum, expiry },
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
}

const c = await startDevChain({ disputeWindowSeconds: 60 });
try {
  await deployGas(c);
  await reserveAndToken(c);
  await settlement(c);
} finally {
  await c.anvil.stop();
}
const r = await startDevChain(); // a reserve not left in deficit by the rate moves above
try {
  await router(r);
} finally {
  await r.anvil.stop();
}
await governanceGas();
