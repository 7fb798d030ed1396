// Billing benchmarks: invoices computed per second from 1M usage statements (the pure core over
// decoded statements, and the decode + signature cost in front of it), and the gas of one settled
// session on Anvil (approve + open a channel, redeem the final voucher) and of one anchoring.
import {
  anchorCheckpoint,
  connect,
  deploySystem,
  deposit,
  redeemVoucher,
  settlementAbi,
  signVoucher,
  startAnvil,
  tETTokenAbi,
  transact,
  withAccount,
} from "@tet/contracts";
import {
  didKeyFromPublicKey,
  generatePrivateKey,
  parseStatement,
  type Statement,
  signStatement,
  verifySign1,
} from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { keccak256, parseUnits } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { report } from "../../scripts/bench/report.js";
import { computeInvoice, type LoggedStatement } from "../src/index.js";

const suite = "backend/billing";
const STATEMENTS = Number(process.env.BILLING_BENCH_STATEMENTS ?? 1_000_000);
const PER_SESSION = 10;
const owner = nodeSigner(generatePrivateKey());
const device = nodeSigner(generatePrivateKey());
const obj = new Uint8Array(16).fill(7);
const T0 = 1_795_000_000_000;

function history(objects: number, perObject: number): LoggedStatement[][] {
  const all: LoggedStatement[][] = [];
  let index = 0;
  for (let o = 0; o < objects; o++) {
    const list: LoggedStatement[] = [];
    const push = (statement: Statement, signer: Uint8Array) =>
      list.push({ index: index++, statement, signer });
    push(
      {
        v: 1,
        t: "genesis",
        ts: T0,
        owner: didKeyFromPublicKey(owner.publicKey),
        class: "ev-charger",
        deviceKeys: [device.publicKey],
        nonce: new Uint8Array(8),
      },
      owner.publicKey,
    );
    push(
      {
        v: 1,
        t: "tariff",
        ts: T0,
        obj,
        unit: "kWh",
        price: 350_000_000_000_000_000n,
        payout: new Uint8Array(20),
        from: T0,
      },
      owner.publicKey,
    );
    for (let i = 0; i < perObject; i++) {
      const k = i % PER_SESSION;
      const phase = k === 0 ? "start" : k === PER_SESSION - 1 ? "stop" : "progress";
      push(
        {
          v: 1,
          t: "usage",
          ts: T0 + i * 60_000,
          obj,
          seq: i + 1,
          prev: new Uint8Array(32),
          session: `s${Math.floor(i / PER_SESSION)}`,
          phase,
          unit: "kWh",
          quantity: k === 0 ? 0 : 1.234,
        },
        device.publicKey,
      );
    }
    all.push(list);
  }
  return all;
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

// 1. One object, 1M usage statements (100,000 sessions): one period invoice over all of it.
{
  const [one] = history(1, STATEMENTS);
  computeInvoice(obj, one!.slice(0, 20_000), { period: { from: 0, to: 8.64e15 } }); // warm-up
  const [inv, ms] = time(() => computeInvoice(obj, one!, { period: { from: 0, to: 8.64e15 } }));
  report({
    suite,
    name: `period invoice over ${STATEMENTS.toLocaleString("en-US")} usage statements`,
    value: ms,
    unit: "ms",
    note: `${inv.lines.length.toLocaleString("en-US")} session lines`,
  });
  report({ suite, name: "usage statements priced", value: (STATEMENTS / ms) * 1000, unit: "statements/s" });
  report({ suite, name: "session lines billed", value: (inv.lines.length / ms) * 1000, unit: "lines/s" });
}
// 2. The same 1M statements as 1,000 objects × 1,000: one period invoice per object.
{
  const objects = history(1000, STATEMENTS / 1000);
  const [, ms] = time(() => {
    for (const list of objects) computeInvoice(obj, list, { period: { from: 0, to: 8.64e15 } });
  });
  report({
    suite,
    name: `invoices (1,000 objects × ${(STATEMENTS / 1000).toLocaleString("en-US")} usage statements)`,
    value: (1000 / ms) * 1000,
    unit: "invoices/s",
    note: `${Math.round(ms)} ms for all ${STATEMENTS.toLocaleString("en-US")} statements`,
  });
}
// 3. In front of the core, from stored bytes: strict decode + Ed25519 verify (node:crypto).
{
  const N = 50_000;
  const bytes: Uint8Array[] = [];
  for (let i = 0; i < N; i++)
    bytes.push(
      signStatement(
        {
          v: 1,
          t: "usage",
          ts: T0 + i,
          obj,
          seq: i + 1,
          prev: new Uint8Array(32),
          session: `s${i >> 4}`,
          phase: "progress",
          unit: "kWh",
          quantity: 1.234,
        },
        device,
      ),
    );
  const [, ms] = time(() => {
    for (const b of bytes) {
      const p = parseStatement(b);
      if (!verifySign1(p.sign1, { verifier: nodeVerifier })) throw new Error("bad signature");
    }
  });
  report({
    suite,
    name: "usage statements decoded + verified (1 core)",
    value: (N / ms) * 1000,
    unit: "statements/s",
    note: "the bound for invoices from bundles",
  });
}
// 4. Gas per settled session and per anchoring, on Anvil.
{
  const DEV = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  ] as const;
  const anvil = await startAnvil();
  try {
    const admin = await connect({ rpcUrl: anvil.rpcUrl, privateKey: DEV[0] });
    const d = await deploySystem(admin, { keepGovernance: true });
    const payerAccount = privateKeyToAccount(DEV[1]);
    const payer = withAccount(admin, DEV[1]);
    const provider = withAccount(admin, DEV[2]);
    await deposit(admin, d, {
      currency: "RUB",
      amount: 10_000_000n,
      buyer: payerAccount.address,
      attestation: keccak256("0x01"),
    });
    const now = Number((await admin.public.getBlock()).timestamp);
    const amount = parseUnits("10", 18);
    const approve = await transact(payer, "approve", () =>
      payer.wallet.writeContract({
        address: d.token,
        abi: tETTokenAbi,
        functionName: "approve",
        args: [d.settlement, amount],
      }),
    );
    const opened = await transact(payer, "open", () =>
      payer.wallet.writeContract({
        address: d.settlement,
        abi: settlementAbi,
        functionName: "open",
        args: [provider.wallet.account.address, amount, BigInt(now + 86_400)],
      }),
    );
    const channel = (await payer.public.readContract({
      address: d.settlement,
      abi: settlementAbi,
      functionName: "channelCount",
    })) as bigint;
    const openGas = approve.gasUsed + opened.gasUsed;
    const signed = await signVoucher({
      account: payerAccount,
      chainId: d.chainId,
      settlement: d.settlement,
      voucher: {
        channel,
        payee: provider.wallet.account.address,
        cumulativeAmount: parseUnits("4.305", 18),
        expiry: BigInt(now + 3600),
      },
    });
    const redeem = await redeemVoucher(provider, d, signed);
    report({
      suite,
      name: "gas per settled session (approve + open + redeem)",
      value: Number(openGas + redeem.gasUsed),
      unit: "gas",
      note: `payer ${openGas}, provider ${redeem.gasUsed}`,
    });
    const a1 = await anchorCheckpoint(admin, d, {
      origin: "bench.tet/log",
      size: 1000n,
      root: keccak256("0x01"),
    });
    const a2 = await anchorCheckpoint(admin, d, {
      origin: "bench.tet/log",
      size: 2000n,
      root: keccak256("0x02"),
    });
    report({
      suite,
      name: "gas per anchoring (first / next)",
      value: Number(a2.gasUsed),
      unit: "gas",
      note: `first ${a1.gasUsed}`,
    });
  } finally {
    await anvil.stop();
  }
}
