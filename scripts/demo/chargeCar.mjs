// The paid charging session of the demo, as its parties run it: the owner (the provider) names the
// backend's billing key as a delegate and publishes a tariff; the reserve's custodian issues TET to
// the driver against a currency deposit; the driver opens a payment channel, starts a session and
// pays for each metered step with an EIP-712 voucher; the owner ends the session (the car is full);
// the backend redeems the last voucher on chain and records the settlement in the charger's log.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pause, tet, waitFor } from "./tetCli.mjs";

/** Anvil's public development accounts: #0 deploys (the local custodian), #1 pays, #2 is the provider's payout. */
const DEV_KEY = {
  custodian: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  driver: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
};
const DRIVER_ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const PROVIDER_PAYOUT = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const PRICE = "0.35"; // TET per kWh
const TICKS = 6; // metered steps before the car is full

const getJson = async (url) => {
  const r = await fetch(url);
  if (!r.ok) return undefined;
  return r.json();
};
/** TET base units (decimal string) as the decimal TET string `tet voucher pay --amount` takes. */
const tetText = (base) => {
  const s = BigInt(base).toString().padStart(19, "0");
  return `${s.slice(0, -18)}.${s.slice(-18)}`.replace(/\.?0+$/, "") || "0";
};

/** Retries a chain transaction once: the backend's own account (anchoring) may have taken the nonce. */
async function twice(f) {
  try {
    return await f();
  } catch {
    await pause(2000);
    return f();
  }
}

/** Runs the session; resolves with its settlement once it is in the charger's log. */
export async function chargeCar({ api, backend, economy, demoDir, charger, owner, driver, log }) {
  const a = ["--api", api];
  const chain = ["--deployment", join(backend.dataDir, "chain", "deployment.json"), "--rpc", backend.rpc];
  const keys = {};
  for (const [who, hex] of Object.entries(DEV_KEY)) {
    keys[who] = join(demoDir, `${who}-evm.key`);
    if (!existsSync(keys[who])) writeFileSync(keys[who], `${hex}\n`, { mode: 0o600 });
  }
  const billing = await getJson(`${api}/v1/billing/key`);
  const passport = await getJson(`${api}/v1/objects/${charger}`);
  if (!passport.keys.some((k) => k.did === billing.did))
    await tet(["key", "add", charger, "--bind", billing.did, "--role", "delegate", "--key", owner, ...a]);
  if (passport.tariffs.length === 0)
    await tet([
      "tariff",
      charger,
      "--unit",
      "kWh",
      "--price",
      PRICE,
      "--payout",
      PROVIDER_PAYOUT,
      "--key",
      owner,
      ...a,
    ]);
  // The driver buys TET with a bank transfer: the custodian imports the bank's statement and attests
  // the deposit (without the custodian service, the local custodian key attests it with `tet`).
  const deposit = { currency: "RUB", amount: "100.00", buyer: DRIVER_ADDRESS };
  if (economy) {
    const d = await economy.bankDeposit({ ...deposit, reference: `DEMO-CAR-${Date.now().toString(36)}` });
    log(`story: the custodian attested the driver's bank transfer of ${deposit.amount} RUB (tx ${d.tx})`);
  } else {
    const d = ["--currency", deposit.currency, "--amount", deposit.amount, "--buyer", deposit.buyer];
    await twice(() => tet(["reserve", "deposit", ...d, "--evm-key", keys.custodian, ...chain]));
  }
  const { channel } = await twice(() =>
    tet(["channel", "open", charger, "--amount", "5", "--evm-key", keys.driver, ...chain, ...a]),
  );
  const session = `car-${Date.now().toString(36)}`;
  const pay = [
    "--session",
    session,
    "--channel",
    channel,
    "--evm-key",
    keys.driver,
    ...chain.slice(0, 2),
    ...a,
  ];
  await tet(["voucher", "open", charger, ...pay.slice(0, 4), "--rater", driver.did, ...pay.slice(4)]);
  log(`story: ${session} started on channel ${channel}: the driver pays each step as it is metered`);
  let paid = 0n;
  let steps = 0;
  const account = () => getJson(`${api}/v1/objects/${charger}/sessions/${session}`);
  for (;;) {
    const s = await waitFor(async () => {
      const x = await account();
      return x && (BigInt(x.due) > paid || x.closed) ? x : undefined;
    }, `a metered step of ${session}`);
    if (BigInt(s.due) > paid) {
      await tet([
        "voucher",
        "pay",
        charger,
        ...pay.slice(0, 4),
        "--payee",
        PROVIDER_PAYOUT,
        "--amount",
        tetText(s.due),
        ...pay.slice(4),
      ]);
      paid = BigInt(s.due);
    }
    if (s.closed) break;
    if (++steps === TICKS)
      await tet([
        "command",
        charger,
        "--name",
        "stop-session",
        "--args",
        `session=${session}`,
        "--key",
        owner,
        ...a,
      ]);
  }
  const settled = await waitFor(async () => {
    const st = await getJson(`${api}/v1/objects/${charger}/provider-statement`);
    return st?.rows.find((r) => r.session === session);
  }, `the settlement of ${session}`);
  return { session, channel, paid: tetText(settled.paid), fee: tetText(settled.fee), tx: settled.tx };
}
