import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { currencyId, deposit, readReserve, redeem, reserveAbi } from "@tet/contracts";
import { keccak256, parseEventLogs, stringToHex } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type EconomyChain, startEconomyChain, wad } from "../test-support/index.js";
import { oracleRoutes } from "./oracleRoutes.js";
import { OracleService } from "./oracleService.js";
import { httpSource } from "./rateSource.js";
import { simulatedSource } from "./simulatedSource.js";

// Issue 17, oracle: a fund kept fresh for a simulated day, and a feed outage with the reserve halting
// as the contract says and recovering after; on a real Anvil whose clock the test moves.
let c: EconomyChain;
const HOUR = 3_600;
let n = 0;
const ref = () => keccak256(stringToHex(`oracle test ${++n}`));
const holder = () => c.sender.wallet.account.address;
const buyUsd = () =>
  deposit(c.sender, c.d, {
    currency: "USD",
    amount: 100n,
    buyer: holder(),
    attestation: ref(),
    signers: c.custodians,
  });
const sellUsd = () => redeem(c.sender, c.d, { currency: "USD", tet: wad(9), payoutRef: ref() });

beforeAll(async () => {
  c = await startEconomyChain({ maxRateAge: HOUR });
  await buyUsd(); // USD holds currency: its staleness halts the reserve
});
afterAll(() => c?.anvil.stop());

it("keeps USD fresh through a simulated day of chain time, following the walk within the per-time limit", async () => {
  const service = new OracleService({
    clients: c.sender,
    deployment: c.d,
    signers: c.oracles,
    source: simulatedSource({ seed: "a day" }),
  });
  const start = await c.now();
  const rates: bigint[] = [];
  for (let t = 0; t < 24 * HOUR; t += 10 * 60) {
    await c.advance(10 * 60);
    // Before this round, the oracle's earlier posts must still cover the new chain time.
    expect((await readReserve(c.admin, c.d)).staleFund, `stale at +${t / 60} min`).toMatch(/^0x0{64}$/);
    await service.tick();
    if (t % (6 * HOUR) === 0) {
      await buyUsd();
      await sellUsd();
    }
    rates.push((await readReserve(c.admin, c.d)).funds.find((f) => f.currency === "USD")?.rate ?? 0n);
  }
  expect((await c.now()) - start).toBeGreaterThanOrEqual(24 * HOUR);
  const refusals = await service.metrics.refusals.get();
  expect(refusals.values.filter((v) => v.value > 0)).toEqual([]);
  const posts = (await service.metrics.posts.get()).values[0]?.value ?? 0;
  expect(posts).toBeGreaterThanOrEqual(40); // every 30 minutes of chain time at least (refresh at 50 %)
  expect(new Set(rates).size).toBeGreaterThan(20); // the walk moved the rate
  const status = service.status().funds[0];
  expect(status).toMatchObject({ currency: "USD", state: "fresh", holds: true });
  // Every posted rate came from the median of at least 2 of the 3 oracle keys.
  const logs = await c.admin.public.getContractEvents({
    address: c.d.reserve,
    abi: reserveAbi,
    eventName: "RateUpdated",
    fromBlock: 0n,
  });
  expect(logs.length).toBe(posts);
});

it("reports a feed outage as approaching staleness, then stale (flows halt), and recovers when the feed is back", async () => {
  let up = true;
  const feed: Server = createServer((_, res) => {
    if (!up) return void res.writeHead(503).end("down for maintenance");
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ rates: { USD: "90.00" } }));
  });
  await new Promise<void>((r) => feed.listen(0, "127.0.0.1", r));
  const lines: string[] = [];
  const service = new OracleService({
    clients: c.sender,
    deployment: c.d,
    signers: c.oracles,
    source: httpSource(`http://127.0.0.1:${(feed.address() as AddressInfo).port}/rates.json`),
    retries: 1,
    log: (level, msg) => lines.push(`${level} ${msg}`),
  });
  const routes = oracleRoutes(service);
  const ready = async () => {
    const r = await routes.request("/readyz");
    return { status: r.status, body: (await r.json()) as { funds: { says: string }[] } };
  };
  try {
    await c.advance(HOUR);
    await service.tick(); // posts: the rate is an hour old
    expect(service.status().funds[0]).toMatchObject({ state: "fresh", ageSeconds: 0 });
    expect((await ready()).status).toBe(200);

    up = false;
    await c.advance(Math.ceil(HOUR * 0.8));
    await service.tick();
    expect(service.status().funds[0]?.state).toBe("warning");
    const warned = await ready();
    expect(warned.status).toBe(503); // the source fails: not ready, and the fund's state is said
    expect(JSON.stringify(warned.body)).toMatch(/rates\.json answered 503/);
    expect(warned.body.funds[0]?.says).toMatch(/^USD warning: rate \d+ s old, stale in \d+ s$/);
    expect(lines).toContainEqual(expect.stringMatching(/^error oracle: .*rates\.json answered 503/));
    expect(lines).toContainEqual(expect.stringMatching(/^warn oracle: USD rate is approaching staleness/));

    await c.advance(Math.ceil(HOUR * 0.3));
    await service.tick();
    expect(service.status().funds[0]?.state).toBe("stale");
    const stale = await ready();
    expect(stale.status).toBe(503);
    expect(JSON.stringify(stale.body)).toMatch(/USD stale: rate \d+ s old, stale for \d+ s/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^error oracle: USD rate is stale .*halts deposits and redemptions/),
    );
    expect(await service.metrics.registry.getSingleMetricAsString("tet_oracle_fund_state")).toMatch(
      /fund="USD"} 2/,
    );
    // The contract's answer to the outage: no deposit, no redemption, in any fund.
    for (const flow of [buyUsd, sellUsd])
      await expect(flow()).rejects.toMatchObject({
        revertName: "StaleRate",
        revertArgs: [currencyId("USD"), expect.any(BigInt)],
      });

    up = true;
    await service.tick();
    expect(service.status().funds[0]).toMatchObject({ state: "fresh", ageSeconds: 0 });
    expect((await ready()).status).toBe(200);
    expect(lines.at(-1)).toMatch(/^info oracle: USD rate is fresh again/);
    const r = await buyUsd();
    expect(parseEventLogs({ abi: reserveAbi, logs: r.receipt.logs, eventName: "Deposited" })).toHaveLength(1);
    expect((await readReserve(c.admin, c.d)).funds.find((f) => f.currency === "USD")?.rate).toBe(wad(90));
  } finally {
    await new Promise((r) => feed.close(r));
  }
});
