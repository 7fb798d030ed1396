import fc from "fast-check";
import { hashTypedData, keccak256, parseUnits } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { settlementAbi, tETTokenAbi } from "../../generated/artifacts.js";
import { DEV_KEYS, type DevChain, expectReserveInvariants, startDevChain } from "../test-support/index.js";
import { deposit } from "./custodians.js";
import {
  openChannel,
  readChannel,
  reclaimChannel,
  redeemVoucher,
  redeemVouchers,
  settlementFee,
} from "./settlement.js";
import {
  type SignedVoucher,
  signVoucher,
  type Voucher,
  verifyVoucher,
  voucherDomain,
  voucherTypes,
} from "./voucher.js";

const tet = (n: number | string) => parseUnits(String(n), 18);
const DAY = 86_400;
let c: DevChain;
let base: `0x${string}`;
const payer = privateKeyToAccount(DEV_KEYS[1]); // alice
const infra = "0x00000000000000000000000000000000000001f0" as const;

beforeAll(async () => {
  c = await startDevChain({ infrastructureFund: infra });
  await deposit(c.admin, c.d, {
    currency: "RUB",
    amount: 100_000_000n,
    buyer: payer.address,
    attestation: keccak256("0x01"),
  });
  base = await c.snapshot();
});
beforeEach(async () => {
  await c.revert(base);
  base = await c.snapshot();
});
afterAll(() => c?.anvil.stop());

const bob = () => c.bob.wallet.account.address;
const balance = (who: `0x${string}`) =>
  c.admin.public.readContract({
    address: c.d.token,
    abi: tETTokenAbi,
    functionName: "balanceOf",
    args: [who],
  });
const open = async (amount = tet(1_000), payee = bob()) =>
  openChannel(c.alice, c.d, { payee, amount, expiry: BigInt((await c.now()) + DAY) });
const sign = async (
  v: Partial<Voucher> & { channel: bigint; cumulativeAmount: bigint },
  chainId = c.d.chainId,
) =>
  signVoucher({
    account: payer,
    chainId,
    settlement: c.d.settlement,
    voucher: { payee: bob(), expiry: BigInt((await c.now()) + 3600), ...v },
  });

describe("vouchers off chain", () => {
  it("verify accepts the payer's signature and refuses anything else as false", async () => {
    const s = await sign({ channel: 1n, cumulativeAmount: 5n });
    const args = { chainId: c.d.chainId, settlement: c.d.settlement, payer: payer.address };
    expect(await verifyVoucher({ ...args, signed: s })).toBe(true);
    expect(
      await verifyVoucher({ ...args, signed: { ...s, voucher: { ...s.voucher, cumulativeAmount: 6n } } }),
    ).toBe(false);
    expect(await verifyVoucher({ ...args, chainId: 1, signed: s })).toBe(false);
    expect(await verifyVoucher({ ...args, payer: bob(), signed: s })).toBe(false);
    expect(await verifyVoucher({ ...args, signed: { ...s, signature: "0x1234" } })).toBe(false);
    // The malleable twin (s → n − s, v flipped) recovers the same address but the contract refuses it.
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const high = (n - BigInt(`0x${s.signature.slice(66, 130)}`)).toString(16).padStart(64, "0");
    const v = s.signature.slice(130) === "1b" ? "1c" : "1b";
    const twin = { ...s, signature: `${s.signature.slice(0, 66)}${high}${v}` as `0x${string}` };
    expect(await verifyVoucher({ ...args, signed: twin })).toBe(false);
    const ch = await open();
    const real = await sign({ channel: ch, cumulativeAmount: 5n });
    const realTwin =
      `${real.signature.slice(0, 66)}${(n - BigInt(`0x${real.signature.slice(66, 130)}`)).toString(16).padStart(64, "0")}${real.signature.slice(130) === "1b" ? "1c" : "1b"}` as `0x${string}`;
    await expect(redeemVoucher(c.bob, c.d, { ...real, signature: realTwin })).rejects.toMatchObject({
      revertName: "InvalidSignature",
    });
  });

  it("the contract computes the same EIP-712 digest as viem", async () => {
    const s = await sign({ channel: 7n, cumulativeAmount: 9n });
    const digest = await c.admin.public.readContract({
      address: c.d.settlement,
      abi: settlementAbi,
      functionName: "voucherDigest",
      args: [s.voucher],
    });
    expect(digest).toBe(
      hashTypedData({
        domain: voucherDomain({ chainId: c.d.chainId, settlement: c.d.settlement }),
        types: voucherTypes,
        primaryType: "Voucher",
        message: s.voucher,
      }),
    );
  });
});

describe("channels", () => {
  it("pays the payee the increase minus exactly 0.1 % (ceiling of cumulative totals) and refuses replays", async () => {
    const ch = await open();
    await redeemVoucher(c.bob, c.d, await sign({ channel: ch, cumulativeAmount: tet("1.9999") }));
    const second = await sign({ channel: ch, cumulativeAmount: tet(250) });
    await redeemVoucher(c.carol, c.d, second); // anyone may submit; the payee is paid
    expect(await balance(infra)).toBe(tet("0.25"));
    expect(await balance(bob())).toBe(tet(250) - tet("0.25"));
    expect((await readChannel(c.admin, c.d, ch)).redeemed).toBe(tet(250));
    await expect(redeemVoucher(c.bob, c.d, second)).rejects.toMatchObject({ revertName: "VoucherNotNewer" });
    const stale = await sign({ channel: ch, cumulativeAmount: tet(100) });
    await expect(redeemVoucher(c.bob, c.d, stale)).rejects.toMatchObject({ revertName: "VoucherNotNewer" });
  });

  it("fees sum to ⌈total / 1000⌉ however the redemptions are split", async () => {
    await fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 22n }), { minLength: 1, maxLength: 20 }),
        (steps) => {
          let cum = 0n;
          let fees = 0n;
          for (const s of steps) {
            fees += settlementFee(cum, cum + s);
            cum += s;
          }
          return fees === (cum + 999n) / 1000n;
        },
      ),
    );
    const ch = await open(tet(10));
    const amounts = [999n, 1n, 1_000n, 1_999n, tet(3)];
    let cum = 0n;
    for (const a of amounts) {
      cum += a;
      await redeemVoucher(c.bob, c.d, await sign({ channel: ch, cumulativeAmount: cum }));
    }
    const fee = (cum + 999n) / 1000n; // 3.000000000000003999 TET → 3,000,000,000,000,004 wei
    expect(fee).toBe(3_000_000_000_000_004n);
    expect(await balance(infra)).toBe(fee);
    expect(await balance(bob())).toBe(cum - fee);
  });

  it("refuses another channel's voucher, another chain's, an expired one, a wrong payee and over-spending", async () => {
    const ch1 = await open();
    const ch2 = await open();
    const forOne = await sign({ channel: ch1, cumulativeAmount: tet(1) });
    const replayOnTwo: SignedVoucher = { ...forOne, voucher: { ...forOne.voucher, channel: ch2 } };
    await expect(redeemVoucher(c.bob, c.d, replayOnTwo)).rejects.toMatchObject({
      revertName: "InvalidSignature",
    });
    await expect(
      redeemVoucher(c.bob, c.d, await sign({ channel: ch1, cumulativeAmount: tet(1) }, 1)),
    ).rejects.toMatchObject({ revertName: "InvalidSignature" });
    await expect(
      redeemVoucher(
        c.bob,
        c.d,
        await sign({ channel: ch1, cumulativeAmount: tet(1), payee: c.carol.wallet.account.address }),
      ),
    ).rejects.toMatchObject({ revertName: "WrongPayee" });
    await expect(
      redeemVoucher(c.bob, c.d, await sign({ channel: ch1, cumulativeAmount: tet(1_001) })),
    ).rejects.toMatchObject({ revertName: "ExceedsDeposit" });
    await expect(
      redeemVoucher(c.bob, c.d, await sign({ channel: 99n, cumulativeAmount: 1n })),
    ).rejects.toMatchObject({ revertName: "UnknownChannel" });
    const bySomeoneElse = await signVoucher({
      account: privateKeyToAccount(DEV_KEYS[3]),
      chainId: c.d.chainId,
      settlement: c.d.settlement,
      voucher: forOne.voucher,
    });
    await expect(redeemVoucher(c.bob, c.d, bySomeoneElse)).rejects.toMatchObject({
      revertName: "InvalidSignature",
    });
    const shortLived = await sign({
      channel: ch1,
      cumulativeAmount: tet(1),
      expiry: BigInt((await c.now()) + 10),
    });
    await c.advance(11);
    await expect(redeemVoucher(c.bob, c.d, shortLived)).rejects.toMatchObject({
      revertName: "VoucherExpired",
    });
    await redeemVoucher(c.bob, c.d, forOne); // the original still works on its own channel
  });

  it("redeems a batch of vouchers from several channels in one transaction", async () => {
    const chans = [await open(), await open(), await open()];
    const batch = await Promise.all(
      chans.map((ch, i) => sign({ channel: ch, cumulativeAmount: tet(100 * (i + 1)) })),
    );
    await redeemVouchers(c.bob, c.d, batch);
    expect(await balance(infra)).toBe(tet("0.6"));
    expect(await balance(bob())).toBe(tet(600) - tet("0.6"));
    await expect(redeemVouchers(c.bob, c.d, batch.slice(0, 1))).rejects.toMatchObject({
      revertName: "VoucherNotNewer",
    });
  });

  it("lets the payer reclaim the unspent escrow only after expiry plus the dispute window", async () => {
    const before = await balance(payer.address);
    const ch = await open(tet(1_000));
    await redeemVoucher(
      c.bob,
      c.d,
      await sign({ channel: ch, cumulativeAmount: tet(400), expiry: BigInt((await c.now()) + 3 * DAY) }),
    );
    const late = await sign({
      channel: ch,
      cumulativeAmount: tet(500),
      expiry: BigInt((await c.now()) + 3 * DAY),
    });
    await expect(reclaimChannel(c.alice, c.d, ch)).rejects.toMatchObject({ revertName: "ReclaimTooEarly" });
    await expect(reclaimChannel(c.bob, c.d, ch)).rejects.toMatchObject({ revertName: "NotPayer" });
    await c.advance(2 * DAY + 1);
    await expect(redeemVoucher(c.bob, c.d, late)).rejects.toMatchObject({ revertName: "ChannelClosed" });
    await reclaimChannel(c.alice, c.d, ch);
    // Charged once: escrow, payout and refund pay no transfer fee; the only fee is the voucher's.
    expect(await balance(payer.address)).toBe(before - tet(400));
    expect(await balance(infra)).toBe(tet("0.4"));
    expect(await balance(bob())).toBe(tet("399.6"));
    await expectReserveInvariants(c.admin, c.d); // and the escrow's lots followed the money
    await reclaimChannel(c.alice, c.d, ch); // idempotent: nothing more to return
    expect(await balance(payer.address)).toBe(before - tet(400));
  });

  it("refuses opening with no payee, no amount or a past expiry", async () => {
    const now = BigInt(await c.now());
    await expect(
      openChannel(c.alice, c.d, { payee: bob(), amount: 0n, expiry: now + 10n }),
    ).rejects.toMatchObject({ revertName: "ZeroAmount" });
    await expect(
      openChannel(c.alice, c.d, { payee: bob(), amount: 1n, expiry: now - 1n }),
    ).rejects.toMatchObject({ revertName: "ExpiryInPast" });
    await expect(
      openChannel(c.alice, c.d, {
        payee: "0x0000000000000000000000000000000000000000",
        amount: 1n,
        expiry: now + 10n,
      }),
    ).rejects.toMatchObject({ revertName: "ZeroAddress" });
    await expect(
      openChannel(c.carol, c.d, { payee: bob(), amount: 1n, expiry: now + 10n }),
    ).rejects.toMatchObject({ revertName: "ERC20InsufficientBalance" });
  });
});
