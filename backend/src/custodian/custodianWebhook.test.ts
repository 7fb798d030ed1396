import { Hono } from "hono";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, expect, it } from "vitest";
import { listenHttp } from "../server/index.js";
import { startCustodianPair } from "../test-support/index.js";
import { attestationToJson } from "./attestationWire.js";
import { attestationRef } from "./classifyEntry.js";
import { custodianRoutes } from "./custodianRoutes.js";
import { depositMessage, signDeposit } from "./depositAttestation.js";
import { signWebhook } from "./webhookRoute.js";

// Issue 17, custodian: a payment provider's webhook (HMAC, size limit, retries) and peers that sign
// something else — two custodians (2-of-2) on a real Anvil.
// One chain and a 2-of-2 pair of custodians for the whole file (top-level await: collected once).
const { rig, a, b } = await startCustodianPair();
const c = rig.c;
const deposits = () => rig.deposits();
afterAll(() => rig.stop());

const SECRET = "whsec_test_0123456789abcdef";

it("takes a provider's webhook once: HMAC-checked, size-limited; each custodian must receive it", async () => {
  const routes = [a, b].map((x) => custodianRoutes(x.service, { webhookSecret: SECRET }));
  const event = (reference: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      id: `evt_${reference}`,
      type: "payment.succeeded",
      data: {
        account: "acme-pay:merchant-42",
        reference,
        amount: "42.00",
        currency: "USD",
        booked: "2026-12-03",
        remittance: `TET ${c.sender.wallet.account.address}`,
        ...extra,
      },
    });
  const post = (i: number, body: string, signature = signWebhook(SECRET, body)) =>
    (routes[i] as (typeof routes)[number]).request("/v1/custodian/webhook", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "tet-signature": signature },
    });
  const body = event("pay_001");
  const first = await post(0, body);
  expect([first.status, await first.json()]).toEqual([200, { credits: 1, refused: [], duplicate: false }]);
  const head = a.store.head();
  const retry = await post(0, body); // the provider retries the delivery
  expect(await retry.json()).toMatchObject({ credits: 0, duplicate: true });
  expect(a.store.head()).toEqual(head);

  const refusals: [number, string][] = [];
  for (const [res, want] of [
    [await post(0, body, signWebhook("another secret", body)), "WEBHOOK_UNAUTHORIZED"],
    [
      await post(0, body, signWebhook(SECRET, body, Math.floor(Date.now() / 1000) - 3_600)),
      "WEBHOOK_UNAUTHORIZED",
    ],
    [await post(0, body, "v1=deadbeef"), "WEBHOOK_UNAUTHORIZED"],
    [await post(0, event("pay_002", { pad: "x".repeat(70_000) })), "TOO_LARGE"],
    [await post(0, "{not json"), "WEBHOOK_MALFORMED"],
    [await post(0, event("pay_003", { amount: 42 })), "WEBHOOK_MALFORMED"],
    [await post(0, event("pay_004", { booked: "03.12.2026" })), "BAD_DATE"],
  ] as const) {
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).code).toBe(want);
    refusals.push([res.status, want]);
  }
  expect(refusals.map(([s]) => s)).toEqual([401, 401, 401, 413, 400, 400, 422]);
  expect(a.store.head()).toEqual(head); // nothing refused was stored
  expect((await post(0, JSON.stringify({ type: "payout.paid" }))).status).toBe(202);

  const before = await deposits();
  await a.service.tick();
  expect(await deposits()).toBe(before); // one of two custodians saw the payment: not attested
  await post(1, body);
  await b.service.tick();
  await a.service.tick();
  expect(await deposits()).toBe(before + 1);
  expect(a.store.credit(attestationRef("provider:acme-pay:merchant-42", "pay_001"))?.status).toBe("attested");
});

it("counts for nothing a peer's signature over other terms, by a key not on the board, or malformed", async () => {
  const line =
    "DE89370400440532013000,2026-12-03,77.00,USD,BK20261203-000300,TET 0x90F79bf6EB2c4f870365E785982E1f101E93b906";
  const statement = new TextEncoder().encode(
    `account,booking_date,amount,currency,reference,remittance\n${line}\n`,
  );
  await a.service.importStatement(statement, "2026-12-03.csv");
  const [credit] = a.store.credits("pending");
  if (!credit) throw new Error("no pending credit");
  const terms = depositMessage(credit);
  const other = { ...terms, amount: terms.amount * 10n };
  const stranger = privateKeyToAccount(generatePrivateKey());
  const b0 = c.custodians[1] as (typeof c.custodians)[number];
  const served = [
    attestationToJson(other, b0.address, await signDeposit(b0, c.d, other)),
    attestationToJson(terms, stranger.address, await signDeposit(stranger, c.d, terms)),
    { ...attestationToJson(terms, b0.address, await signDeposit(b0, c.d, terms)), signer: stranger.address },
    { ref: credit.ref, amount: "1" },
  ];
  const fake = await listenHttp(
    new Hono().get("/v1/custodian/attestations", (x) => x.json({ attestations: served })),
    0,
  );
  a.service.o.peers = [`http://127.0.0.1:${fake.port}`];
  const before = await deposits();
  await a.service.tick();
  expect(a.store.signatures(credit.ref).map((s) => s.signer)).toEqual([a.store.signer.address]);
  expect(await deposits()).toBe(before);
  const refusals = await a.service.metrics.registry.getSingleMetricAsString("tet_custodian_refusals_total");
  expect(refusals).toMatch(/code="PEER_DISAGREES"} 1/);
  expect(refusals).toMatch(/code="BAD_PEER_ATTESTATION"} 3/);
  // The real peer's signature over the same terms attests it.
  await fake.close();
  a.service.o.peers = [b.url];
  await b.service.importStatement(statement, "2026-12-03.csv");
  await b.service.tick();
  expect(await deposits()).toBe(before + 1);
});
