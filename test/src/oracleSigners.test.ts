import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EconomyChain, startEconomyChain, wad } from "@tet/backend/test-support";
import { readReserve } from "@tet/contracts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, type ServiceChild, startService, until } from "./support/index.js";

// Issue 17: oracle signers as operators run them — three `tet-backend oracle` processes, each with its
// own key file and its own HTTP feed, exchanging signed quotes — and the reserve gets their median:
// two disagreeing signers give the lower middle, a third the middle; no single key sets the rate.
let c: EconomyChain;
const feeds: Server[] = [];
const oracles: ServiceChild[] = [];
let dir: string;

async function feed(usd: string): Promise<string> {
  const s = createServer((_, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ USD: usd })),
  );
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  feeds.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/fx`;
}

const usdRate = async () => (await readReserve(c.admin, c.d)).funds.find((f) => f.currency === "USD")?.rate;

beforeAll(async () => {
  c = await startEconomyChain({ oracles: 3, oracleThreshold: 2 });
  dir = mkdtempSync(join(tmpdir(), "tet-oracle-signers-"));
  writeFileSync(join(dir, "deployment.json"), JSON.stringify(c.d));
  for (const [i, k] of c.oracleKeys.entries())
    writeFileSync(join(dir, `oracle-${i}.key`), `${k}\n`, { mode: 0o600 });
  writeFileSync(
    join(dir, "sender.key"),
    `${"0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"}\n`,
  );
  await c.advance(3_600); // an hour after listing: the reserve lets USD move up to 10 %
});
afterAll(async () => {
  for (const o of oracles) await o.kill();
  for (const s of feeds) await new Promise((r) => s.close(r));
  await c?.anvil.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("posts the median of the signers' quotes: 2 disagreeing → the lower middle, 3 → the middle", async () => {
  const ports = [await freePort(), await freePort(), await freePort()];
  const urls = [await feed("90.50"), await feed("99.00"), await feed("91.00")];
  const start = (i: number) =>
    startService("oracle", {
      TET_ORACLE_RPC: c.anvil.rpcUrl,
      TET_ORACLE_DEPLOYMENT: join(dir, "deployment.json"),
      TET_ORACLE_KEYS: join(dir, `oracle-${i}.key`),
      TET_ORACLE_SENDER_KEY: join(dir, "sender.key"),
      TET_ORACLE_SOURCE: urls[i] as string,
      TET_ORACLE_PEERS: ports
        .filter((_, j) => j !== i)
        .map((p) => `http://127.0.0.1:${p}`)
        .join(","),
      TET_ORACLE_PORT: String(ports[i]),
      TET_ORACLE_INTERVAL_MS: "300",
    });
  oracles.push(await start(0), await start(1));
  expect(oracles[0]?.ready.signers).toEqual([c.oracles[0]?.address]);
  // Two keys: 90.50 and 99.00. The contract's median of two is the lower one.
  await until(async () => (await usdRate()) === wad("90.5"), "the median of two on chain", { ms: 60_000 });
  oracles.push(await start(2));
  // Ten minutes on: too soon for a routine refresh (half an hour), but the reserve lets the rate move
  // 1.7 %, so a median that moved 0.5 % is posted at once — and only a bundle with the third key's
  // quote has moved (90.50 with either other key, 91.00 with it).
  await c.advance(600);
  // Three keys: 90.50, 91.00, 99.00 → 91.00; the outlier moves nothing.
  await until(async () => (await usdRate()) === wad(91), "the median of three on chain", { ms: 60_000 });
  // Each process sees the post at its next round, whoever sent it.
  const status = async () =>
    (await (await fetch(`http://127.0.0.1:${ports[2]}/v1/oracle/status`)).json()).funds[0];
  // Its status says "fresh" already before that round (90.50 was fresh too): wait for the rate.
  await until(
    async () => (await status())?.rate === wad(91).toString(),
    "the third oracle seeing the posted rate",
  );
  expect(await status()).toMatchObject({
    currency: "USD",
    rate: wad(91).toString(),
    state: "fresh",
    threshold: 2,
  });
  const quotes = await (await fetch(`http://127.0.0.1:${ports[1]}/v1/oracle/quotes`)).json();
  expect(quotes.quotes.map((q: { signer: string }) => q.signer)).toEqual([c.oracles[1]?.address]); // its own key only
  const metrics = await (await fetch(`http://127.0.0.1:${ports[0]}/metrics`)).text();
  expect(metrics).toMatch(/tet_oracle_rate\{fund="USD"\} 9[01]/);
}, 180_000);

it("refuses a key file that holds no key, naming the option (exit 2)", async () => {
  writeFileSync(join(dir, "bad.key"), "not a key\n");
  await expect(
    startService("oracle", {
      TET_ORACLE_RPC: c.anvil.rpcUrl,
      TET_ORACLE_DEPLOYMENT: join(dir, "deployment.json"),
      TET_ORACLE_KEYS: join(dir, "bad.key"),
    }),
  ).rejects.toThrow(
    /exited 2: tet-backend oracle: configuration: oracle_keys .*does not hold a 0x-hex private key/,
  );
}, 60_000);
