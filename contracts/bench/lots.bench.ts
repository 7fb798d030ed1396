// Gas of a TET transfer against the number of lots it touches: the sender holds N lots and sends an
// amount that takes a piece of each (oldest first), to a fresh account and to one already holding
// those lots; and the bound: 16 pieces into an account that already holds 16 lots of another fund
// (every piece merged). Run: npm run bench -- lots

import { startDevChain } from "@tet/contracts/test-support";
import { type Address, keccak256, parseUnits, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { report } from "../../scripts/bench/report.ts";
import { type ChainClients, deposit, listFund, readLotsOf, transferTet, withAccount } from "../src/index.js";

const tet = (n: number | string) => parseUnits(String(n), 18);
const c = await startDevChain();
try {
  await listFund(c.admin, c.d, {
    currency: "USD",
    decimals: 2,
    quote: tet(50),
    minRate: 1n,
    maxRate: tet(1000),
  });
  let n = 0;
  const fresh = async (): Promise<ChainClients> => {
    const key = generatePrivateKey();
    await c.rpc("anvil_setBalance", [privateKeyToAccount(key).address, toHex(10n ** 20n)]);
    return withAccount(c.admin, key);
  };
  const lots = async (to: Address, count: number, currency = "RUB") => {
    for (let i = 0; i < count; i++)
      await deposit(c.admin, c.d, {
        currency,
        amount: 1_000n,
        buyer: to,
        attestation: keccak256(toHex(`lots bench ${++n}`)),
      });
  };
  const gas = (name: string, value: bigint, note?: string) =>
    report({ suite: "contracts", name, value: Number(value), unit: "gas", ...(note ? { note } : {}) });

  // Warm-up: the fee fund's RUB merge lot exists from the first fees on (the steady state).
  for (let i = 0; i < 2; i++) {
    const w = await fresh();
    await lots(w.wallet.account.address, 1);
    await transferTet(w, c.d, { to: (await fresh()).wallet.account.address, amount: tet(1) });
  }
  for (const held of [1, 2, 4, 8, 16]) {
    // Each lot is 10 TET (1,000 kopecks); the transfer takes all of every lot but the newest and part
    // of the newest: `held` pieces.
    const amount = tet(10 * held - 5);
    const one = await fresh();
    await lots(one.wallet.account.address, held);
    const toNew = await transferTet(one, c.d, { to: (await fresh()).wallet.account.address, amount });
    gas(`token.transfer touching ${held} lot${held > 1 ? "s" : ""}, to a new holder`, toNew.receipt.gasUsed);
    const two = await fresh();
    await lots(two.wallet.account.address, held);
    const target = (await fresh()).wallet.account.address;
    const pieces = (await readLotsOf(c.admin, c.d, two.wallet.account.address)).map((h) => ({
      lot: h.lot,
      amount: 1_000n,
    }));
    await transferTet(two, c.d, { to: target, amount: 0n, lots: pieces }); // target holds each lot
    const toHolder = await transferTet(two, c.d, { to: target, amount: amount - tet("0.001") });
    gas(`token.transfer touching ${held}, to a holder of those lots`, toHolder.receipt.gasUsed);
  }

  // The bound: 16 pieces, each arriving at an account full of another fund's lots.
  const sender = await fresh();
  await lots(sender.wallet.account.address, 16);
  const full = await fresh();
  await lots(full.wallet.account.address, 16, "USD");
  const worst = await transferTet(sender, c.d, { to: full.wallet.account.address, amount: tet(159) });
  gas("token.transfer, 16 pieces into a full account (bound)", worst.receipt.gasUsed, "every piece merged");
} finally {
  await c.anvil.stop();
}
