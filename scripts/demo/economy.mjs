// The demo's economy, run as an operator runs it: a rate oracle (`tet-backend oracle`, the seeded
// simulated FX walk) keeps the local reserve's EUR and USD rates fresh, and a custodian
// (`tet-backend custodian`) imports bank statements dropped into its inbox, attests the deposits they
// name and queues the payouts of redemptions. On the local chain both signer sets are the deployer
// (Anvil's key #0), 1-of-1; each service sends its transactions from an Anvil account of its own so
// that it never races the backend's anchoring for a nonce.
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { waitFor } from "./tetCli.mjs";

/** Anvil's public development keys: #0 is the local oracle and custodian, #4 and #5 pay their gas. */
const KEYS = {
  signer: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  oracleGas: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  custodianGas: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
};
/** The demo bank account the custodian's statements are of. */
const ACCOUNT = "40702810900000012345";

/** Resolves with a service's `{"ready":…}` line; rejects if it exits first. */
function ready(child, what) {
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${what} exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      try {
        const msg = JSON.parse(line);
        if (msg.ready) resolve(msg);
      } catch {
        // not the ready line
      }
    });
  });
}

/**
 * Starts the oracle and the custodian against the backend's local chain with `start(file, args,
 * label)` (npm start's child launcher); resolves with their URLs and a `bankDeposit` that books a
 * credit on the demo bank account, drops the statement into the custodian's inbox and resolves with
 * the deposit's transaction once the custodian attested it on chain.
 */
export async function startEconomy({ backendBin, backend, dataDir, start }) {
  const dir = join(dataDir, "economy");
  const inbox = join(dir, "bank-inbox");
  mkdirSync(inbox, { recursive: true });
  const key = (name) => {
    const file = join(dir, `${name}.key`);
    if (!existsSync(file)) writeFileSync(file, `${KEYS[name]}\n`, { mode: 0o600 });
    return file;
  };
  const chain = [backend.rpc, join(dataDir, "chain", "deployment.json")];
  const oracle = start(
    process.execPath,
    [
      backendBin,
      "oracle",
      ...["--oracle-rpc", chain[0], "--oracle-deployment", chain[1]],
      ...["--oracle-keys", key("signer"), "--oracle-sender-key", key("oracleGas"), "--oracle-port", "0"],
    ],
    "oracle",
  );
  const custodian = start(
    process.execPath,
    [
      backendBin,
      "custodian",
      ...["--custodian-rpc", chain[0], "--custodian-deployment", chain[1]],
      ...["--custodian-keys", key("signer"), "--custodian-sender-key", key("custodianGas")],
      ...["--custodian-data", join(dir, "custodian"), "--custodian-inbox", inbox],
      ...["--custodian-port", "0", "--custodian-interval-ms", "2000"],
    ],
    "custodian",
  );
  const [o, c] = await Promise.all([ready(oracle, "the oracle"), ready(custodian, "the custodian")]);
  // The custodian's signed journal, read on from where the last look stopped.
  const seen = [];
  const journal = async () => {
    const after = seen.at(-1)?.seq ?? 0;
    seen.push(...(await (await fetch(`${c.custodian}/v1/custodian/journal?after=${after}`)).json()).entries);
    return seen;
  };
  return {
    oracle: o.oracle,
    custodian: c.custodian,
    /** Books `amount` of `currency` for `buyer` as a bank would, and waits for the TET it buys. */
    async bankDeposit({ currency, amount, buyer, reference }) {
      const csv = [
        "account,booking_date,amount,currency,reference,counterparty,remittance",
        `${ACCOUNT},${new Date().toISOString().slice(0, 10)},${amount},${currency},${reference},Demo payer,"TET ${buyer}"`,
      ].join("\n");
      // Written beside the inbox and renamed in, so the custodian never reads half a file.
      const file = join(dir, `${reference}.csv`);
      writeFileSync(file, `${csv}\n`);
      renameSync(file, join(inbox, `${reference}.csv`));
      const imported = await waitFor(
        async () =>
          (await journal()).find((e) => e.kind === "credit.imported" && e.body.bankRef === reference),
        `the custodian's import of ${reference}`,
      );
      return waitFor(
        async () =>
          (await journal()).find((e) => e.kind === "credit.attested" && e.body.ref === imported.body.ref),
        `the attestation of ${reference}`,
      ).then((e) => ({ tx: e.body.tx, minted: e.body.minted }));
    },
  };
}
