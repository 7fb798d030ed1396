import { type Account, type Hex, parseEventLogs } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { custodianBoardAbi, rateOracleAbi, reserveAbi } from "../../generated/artifacts.js";
import {
  att,
  cents,
  type DevChain,
  expectReserveInvariants,
  fundView,
  startDevChain,
  tet,
} from "../test-support/index.js";
import { transact } from "./ChainClients.js";
import { currencyId } from "./currencyId.js";
import { attestationTypes, custodianDomain, deposit } from "./custodians.js";
import { setRate } from "./oracle.js";
import { listFund } from "./reserve.js";

// No single key can break the reserve (issue 16, promise 6): 2-of-3 custodians with a mint cap of
// 1,000,000 TET a day on the peg fund; a 2-of-3 rate oracle posting medians, at most 10 % an hour.
const keys = (n: number) => Array.from({ length: n }, () => privateKeyToAccount(generatePrivateKey()));
const [k1, k2, k3] = keys(3).sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1)) as [
  Account,
  Account,
  Account,
];
const [o1, o2, o3] = keys(3) as [Account, Account, Account];
const stranger = privateKeyToAccount(generatePrivateKey());
const WEEK = 7 * 86_400;
let c: DevChain;
let base: Hex;
beforeAll(async () => {
  c = await startDevChain({
    custodians: [k1.address, k2.address, k3.address],
    custodianThreshold: 2,
    oracles: [o1.address, o2.address, o3.address],
    oracleThreshold: 2,
    pegMintCap: tet(1_000_000),
    maxMoveBps: 1_000,
    movePeriodSeconds: 3_600,
    signerChangeDelaySeconds: WEEK,
  });
  await listFund(c.admin, c.d, {
    currency: "USD",
    decimals: 2,
    quote: tet(50),
    minRate: 1n,
    maxRate: tet(1_000),
  });
  base = await c.snapshot();
});
beforeEach(async () => {
  await c.revert(base);
  base = await c.snapshot();
});
afterAll(() => c?.anvil.stop());

const alice = () => c.alice.wallet.account.address;
const buy = (signers: Account[], amount = cents(1_000)) =>
  deposit(c.admin, c.d, { currency: "RUB", amount, buyer: alice(), attestation: att(), signers });

describe("custodian board", () => {
  it("one key cannot mint; two can, within the cap per window", async () => {
    await expect(buy([k1])).rejects.toMatchObject({
      revertName: "NotEnoughSignatures",
      revertArgs: [1n, 2n],
    });
    await expect(buy([k1, stranger])).rejects.toMatchObject({ revertName: "UnknownSigner" });
    expect((await buy([k1, k3])).minted).toBe(tet(1_000));
    // The made-up attestation of 980,000,000,000 TET: even a colluding majority stops at the cap.
    await expect(buy([k2, k3], cents(980_000_000_000))).rejects.toMatchObject({
      revertName: "MintCapExceeded",
      revertArgs: [currencyId("RUB"), tet(999_000)],
    });
    await expectReserveInvariants(c.admin, c.d);
  });

  it("one key cannot count twice, in any order", async () => {
    const message = {
      fund: currencyId("RUB"),
      amount: cents(1),
      buyer: alice(),
      ref: att(),
      minOut: 0n,
      deadline: 2n ** 63n,
    };
    const sign = (a: Account) =>
      a.signTypedData!({
        domain: custodianDomain(c.d),
        types: attestationTypes,
        primaryType: "Deposit",
        message,
      });
    const submit = (signatures: Hex[]) =>
      transact(c.admin, "deposit", () =>
        c.admin.wallet.writeContract({
          address: c.d.custodianBoard,
          abi: custodianBoardAbi,
          functionName: "deposit",
          args: [message, signatures],
        }),
      );
    const s1 = await sign(k1);
    await expect(submit([s1, s1])).rejects.toMatchObject({ revertName: "SignersNotAscending" });
    await expect(submit([await sign(k2), s1])).rejects.toMatchObject({ revertName: "SignersNotAscending" });
    await submit([s1, await sign(k2)]);
  });
});

describe("rate oracle", () => {
  it("posts the median, observed at the oldest quote; one key alone is refused", async () => {
    await c.advance(3_600);
    const now = await c.now();
    const r = await setRate(c.admin, c.d, {
      currency: "USD",
      quotes: [
        { signer: o1, quote: tet(51), observedAt: now - 100 },
        { signer: o2, quote: tet(52), observedAt: now },
        { signer: o3, quote: tet(1_000), observedAt: now }, // a lying key moves nothing
      ],
    });
    const [ev] = parseEventLogs({ abi: reserveAbi, logs: r.logs, eventName: "RateUpdated" });
    expect([ev?.args.quote, ev?.args.observedAt]).toEqual([tet(52), BigInt(now - 100)]);
    await expect(
      setRate(c.admin, c.d, { currency: "USD", quotes: [{ signer: o1, quote: tet(52) }] }),
    ).rejects.toMatchObject({ revertName: "NotEnoughSignatures" });
  });

  it("even a colluding majority moves a rate at most 10 % per hour, nothing within one block", async () => {
    const post = (quote: bigint) =>
      setRate(c.admin, c.d, { currency: "USD", quotes: [o1, o2].map((signer) => ({ signer, quote })) });
    await deposit(c.admin, c.d, {
      currency: "USD",
      amount: cents(1_000),
      buyer: alice(),
      attestation: att(),
      signers: [k1, k2],
    });
    // The 50 → 103.68 in one block: refused, and so is any move at all without time passing.
    await expect(post(tet("103.68"))).rejects.toMatchObject({ revertName: "RateMoveTooFast" });
    await c.advance(1_800);
    await expect(post(tet("52.6"))).rejects.toMatchObject({ revertName: "RateMoveTooFast" }); // > 5 % in 30 min
    await post(tet("52.5"));
    expect((await fundView(c, "USD")).rate).toBe(tet("52.5"));
    await expectReserveInvariants(c.admin, c.d);
  });
});

describe("changing a set", () => {
  it("takes the stated delay; the guardian can cancel; only governance proposes", async () => {
    const board = { address: c.d.custodianBoard, abi: custodianBoardAbi } as const;
    const call = (
      functionName: "proposeSigners" | "applySigners" | "cancelSigners",
      args: readonly unknown[],
      who = c.admin,
    ) =>
      transact(who, functionName, () => who.wallet.writeContract({ ...board, functionName, args } as never));
    const next = [k1.address, stranger.address];
    await expect(call("proposeSigners", [next, 1n], c.bob)).rejects.toMatchObject({
      revertName: "OnlyGovernance",
    });
    await call("proposeSigners", [next, 1n]);
    await call("cancelSigners", []); // the deployer is the dev chain's guardian
    await call("proposeSigners", [next, 1n]);
    await c.advance(WEEK - 10);
    await expect(call("applySigners", [], c.bob)).rejects.toMatchObject({ revertName: "ChangeNotReady" });
    await c.advance(10);
    await call("applySigners", [], c.bob); // anyone applies it once due
    expect(await c.admin.public.readContract({ ...board, functionName: "threshold" })).toBe(1n);
    await buy([stranger]);
    await expect(buy([k2, k3])).rejects.toMatchObject({ revertName: "UnknownSigner" });
    const oracle = await c.admin.public.readContract({
      address: c.d.rateOracle,
      abi: rateOracleAbi,
      functionName: "changeDelay",
    });
    expect(oracle).toBe(BigInt(WEEK));
  });
});
