import { deposit } from "@tet/contracts";
import { formatUnits, isAddress, keccak256, parseUnits, toHex } from "viem";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { remote } from "./apiClient.js";
import { chainClients, deployment } from "./chainArgs.js";

/**
 * `tet reserve deposit --currency C --amount A --buyer 0x… --evm-key FILE --deployment FILE --rpc
 * URL [--ref TEXT]`: a custodian attests that the currency fund received A (in the currency, 2
 * decimals) from the buyer, and the reserve issues TET to the buyer against it. `--ref` is the
 * custodians' reference of the payment (its hash makes the attestation single use).
 */
export const reserveCommand: Command = {
  name: "reserve",
  summary: "custodian: attest a currency deposit, so the reserve issues TET to the buyer",
  usage:
    "reserve deposit --currency CODE --amount A --buyer 0xADDRESS --evm-key FILE --deployment FILE --rpc URL [--ref TEXT]",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== "deposit") throw new UsageError("the subcommand is deposit");
    const { options } = parseArgs(rest, [
      "currency",
      "amount",
      "buyer",
      "evm-key",
      "deployment",
      "rpc",
      "ref",
    ]);
    const currency = options.get("currency");
    const amount = options.get("amount");
    const buyer = options.get("buyer");
    if (!currency || !/^[A-Z]{3}$/.test(currency))
      throw new UsageError("--currency is an ISO 4217 code (RUB, EUR…)");
    if (!amount || !/^\d+(\.\d{1,2})?$/.test(amount))
      throw new UsageError("--amount is a decimal with at most 2 places");
    if (!buyer || !isAddress(buyer, { strict: false })) throw new UsageError("--buyer is a 0x EVM address");
    const d = await deployment(options.get("deployment"));
    const ref = options.get("ref") ?? `${currency}:${buyer}:${Date.now()}`;
    return remote(io, async () => {
      const clients = await chainClients(options);
      const r = await deposit(clients, d, {
        currency,
        amount: parseUnits(amount, 2),
        buyer,
        attestation: keccak256(toHex(ref)),
      });
      io.stdout(
        `${JSON.stringify({ lot: r.lotId.toString(), minted: formatUnits(r.minted, 18), buyer, tx: r.receipt.transactionHash })}\n`,
      );
      return 0;
    });
  },
};
