import { paymentRouterAbi, paymentTypes, quotePayment, reserveAbi, tETTokenAbi } from "@tet/contracts";
import type { Page } from "playwright-core";
import { type Address, parseEventLogs, recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Problem } from "../errors/index.js";
import {
  chromiumAvailable,
  DEV_KEYS,
  depositFor,
  type EconomyChain,
  type EconomyWeb,
  listTestStablecoin,
  openTestLedger,
  screenshot,
  serveEconomyWeb,
  sidewaysOverflow,
  startEconomyChain,
  type TestBrowser,
  wad,
} from "../test-support/index.js";
import { seriousViolations } from "./axeAudit.js";
import { formatTet } from "./client/index.js";

// The wallet page on a local development chain: the page's development key 1 (Anvil's account 1)
// holds TET bought against RUB; it pays account 2 in TET and in USD (a payout instruction) and
// redeems into RUB, each quoted first (fee and minOut on the page), signed in the page and relayed
// by the backend. What arrives is read back from the chain.
let c: EconomyChain;
let web: EconomyWeb;
let fx: Awaited<ReturnType<typeof openTestLedger>>;
let base: string;
let b: TestBrowser;
let refusals: Problem[] = [];
let stable: Address;
const holder = privateKeyToAccount(DEV_KEYS[0]).address;
const recipient = privateKeyToAccount(DEV_KEYS[1]).address;
const attested = (currency: string, amount: bigint, buyer: Address) =>
  depositFor(c, { currency, amount, buyer });
const balance = (who: Address) =>
  c.admin.public.readContract({
    address: c.d.token,
    abi: tETTokenAbi,
    functionName: "balanceOf",
    args: [who],
  });

beforeAll(async () => {
  if (!chromiumAvailable) return;
  c = await startEconomyChain({});
  await attested("RUB", 100_000n, holder); // 1,000 TET
  await attested("USD", 10_000n, recipient); // USD liquidity for a payout
  stable = await listTestStablecoin(c, { mint: 50_000_000n }); // 50 tUSD of the holder's (c.sender)
  fx = await openTestLedger();
  web = await serveEconomyWeb(c, fx.ledger);
  base = web.base;
  b = web.browser;
  refusals = web.refusals;
}, 120_000);
afterAll(async () => {
  await web?.close();
  await fx?.close();
  await c?.anvil.stop();
});

async function open(page: Page) {
  await page.goto(`${base}/wallet`);
  await page.locator('body[data-state="ok"]').waitFor({ state: "attached" });
}

/** Fills the pay form, quotes, and returns the plan's numbers as the page shows them. */
async function quote(page: Page, amount: string, to: string) {
  await page.locator("#recipient").fill(recipient);
  await page.locator("#amount").fill(amount);
  await page.locator("#to").selectOption(to);
  await page.locator("#quote").click();
  await page.locator("#sign:not([hidden])").waitFor();
  return page.evaluate(() => {
    const k = (key: string) => document.querySelector(`#plan [data-k="${key}"]`);
    return {
      fee: k("fee")?.getAttribute("data-wei"),
      feeText: k("fee")?.textContent,
      out: k("amountOut")?.textContent,
      min: k("minOut")?.textContent,
    };
  });
}

/** Signs the quoted payment and returns the transaction's receipt once the page says it is paid. */
async function signAndWait(page: Page, result = "#result") {
  const before = await page.locator(result).getAttribute("data-tx");
  await page.locator(result === "#result" ? "#sign" : "#redeem-sign").click();
  await page.waitForFunction(
    ([sel, was]) => {
      const tx = document.querySelector(sel as string)?.getAttribute("data-tx");
      return tx && tx !== was;
    },
    [result, before],
  );
  const tx = (await page.locator(result).getAttribute("data-tx")) as `0x${string}`;
  return c.admin.public.getTransactionReceipt({ hash: tx });
}

describe.skipIf(!chromiumAvailable)("the wallet page in Chromium", () => {
  it("shows the balance with its lots, quotes a TET payment with its fee, and the payment arrives", async () => {
    const page = await b.page(1280);
    await open(page);
    expect(await page.locator("#account").textContent()).toBe(holder);
    expect(await page.locator("#balance").getAttribute("data-wei")).toBe((await balance(holder)).toString());
    expect(await page.locator("#lot-rows tbody tr").count()).toBe(1);
    const [had, got] = [await balance(holder), await balance(recipient)];
    const plan = await quote(page, "10", "TET");
    const q = await quotePayment(c.admin, c.d, { from: "TET", amountIn: wad(10), to: "TET" });
    expect(plan).toEqual({
      fee: q.fee.toString(),
      feeText: "0.01 TET",
      out: "9.99 TET",
      min: formatTet(((q.amountOut * 9950n) / 10_000n).toString()),
    });
    const receipt = await signAndWait(page);
    const [paid] = parseEventLogs({ abi: paymentRouterAbi, logs: receipt.logs, eventName: "Paid" });
    expect([paid?.args.payer, paid?.args.recipient, paid?.args.fee, paid?.args.amountOut]).toEqual([
      holder,
      recipient,
      wad("0.01"),
      wad("9.99"),
    ]);
    expect([had - (await balance(holder)), (await balance(recipient)) - got]).toEqual([wad(10), wad("9.99")]);
    expect(await page.locator("#result").textContent()).toContain("fee 0.01 TET");
    const row = page
      .locator("#history-rows tbody tr")
      .filter({ has: page.locator(`[data-tx="${receipt.transactionHash}"]`) });
    expect(await row.locator(".fee").textContent()).toBe("0.01 TET");
    expect(await row.textContent()).toContain("−10 TET");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "wallet-desktop");
    await page.close();
  });

  it("pays in another currency at the router's quote, and redeems into a fund", async () => {
    const page = await b.page(390);
    await open(page);
    const plan = await quote(page, "90", "USD");
    expect(plan.out).toBe("0.99 USD"); // (90 − 0.09 fee) TET at 90 RUB per USD, rounded down to cents
    const receipt = await signAndWait(page);
    const [payout] = parseEventLogs({ abi: reserveAbi, logs: receipt.logs, eventName: "PayoutInstruction" });
    expect([payout?.args.to, payout?.args.payout]).toEqual([recipient, 99n]);
    await page.locator("#redeem-amount").fill("5");
    await page.locator("#redeem-fund").selectOption("RUB");
    await page.locator("#redeem-quote").click();
    await page.locator("#redeem-sign:not([hidden])").waitFor();
    expect(await page.locator('#redeem-plan [data-k="amountOut"]').textContent()).toBe("4.99 RUB");
    const r = await signAndWait(page, "#redeem-result");
    const [out] = parseEventLogs({ abi: reserveAbi, logs: r.logs, eventName: "PayoutInstruction" });
    expect([out?.args.to, out?.args.payout]).toEqual([holder, 499n]);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(b.cspViolations).toEqual([]);
    await screenshot(page, "wallet-phone");
    await page.close();
  });
});

describe.skipIf(!chromiumAvailable)("paying from an ERC-20 fund", () => {
  it("buys TET with the holder's tUSD under its EIP-2612 permit and pays the recipient, fee shown", async () => {
    const page = await b.page(1280);
    await open(page);
    const got = await balance(recipient);
    await page.locator("#from").selectOption(stable.toLowerCase());
    const plan = await quote(page, "9", "TET");
    const q = await quotePayment(c.admin, c.d, { from: stable, amountIn: 9_000_000n, to: "TET" });
    expect([plan.fee, plan.out]).toEqual([q.fee.toString(), "809.19 TET"]); // 9 tUSD at 90 = 810 TET, less 0.81
    const receipt = await signAndWait(page);
    const [paid] = parseEventLogs({ abi: paymentRouterAbi, logs: receipt.logs, eventName: "Paid" });
    expect([paid?.args.amountIn, paid?.args.tet, paid?.args.fee]).toEqual([
      9_000_000n,
      wad(810),
      wad("0.81"),
    ]);
    expect((await balance(recipient)) - got).toBe(wad("809.19"));
    expect(await page.locator("#result").textContent()).toContain("fee 0.81 TET");
    await page.close();
  });
});

describe.skipIf(!chromiumAvailable)("the wallet's routes", () => {
  it("refuse a tampered order before any gas is spent, and malformed queries, with stable codes", async () => {
    const plan = (await (
      await fetch(`${base}/v1/wallet/${holder}/payment-plan?recipient=${recipient}&amount=${wad(1)}`)
    ).json()) as { order: { message: Record<string, string> }; permit: { message: Record<string, string> } };
    const account = privateKeyToAccount(DEV_KEYS[0]);
    const { message } = plan.order;
    const hex = (k: string) => message[k] as `0x${string}`;
    const typed = {
      domain: {
        name: "TET Payment Router",
        version: "1",
        chainId: c.d.chainId,
        verifyingContract: c.d.router,
      },
      types: paymentTypes,
      primaryType: "Payment",
      message: {
        payer: hex("payer"),
        fromFund: hex("fromFund"),
        amountIn: BigInt(message.amountIn as string),
        recipient: hex("recipient"),
        toFund: hex("toFund"),
        minOut: BigInt(message.minOut as string),
        deadline: BigInt(message.deadline as string),
        ref: hex("ref"),
      },
    } as const;
    const signature = await account.signTypedData(typed);
    // The untampered order is valid: the refusal below is about the tampering alone.
    expect(await recoverTypedDataAddress({ ...typed, signature })).toBe(holder);
    const count = () =>
      c.admin.public.readContract({
        address: c.d.router,
        abi: paymentRouterAbi,
        functionName: "paymentCount",
      });
    const before = await count();
    const post = (order: object) =>
      fetch(`${base}/v1/wallet/payments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          order,
          signature,
          permit: { value: wad(2).toString(), deadline: message.deadline, signature },
        }),
      });
    const tampered = await post({ ...message, amountIn: wad(2).toString() });
    expect([tampered.status, ((await tampered.json()) as Problem).code]).toEqual([400, "PAYMENT_MALFORMED"]);
    const bad = await fetch(`${base}/v1/wallet/${holder}/payment-plan?recipient=${recipient}&amount=1.5`);
    const badTo = await fetch(
      `${base}/v1/wallet/${holder}/payment-plan?recipient=${recipient}&amount=1&to=XYZ`,
    );
    expect([bad.status, badTo.status]).toEqual([400, 400]);
    expect(refusals.map((p) => p.code).slice(-3)).toEqual([
      "PAYMENT_MALFORMED",
      "BAD_AMOUNT",
      "BAD_CURRENCY",
    ]);
    expect(await count()).toBe(before);
  });
});
