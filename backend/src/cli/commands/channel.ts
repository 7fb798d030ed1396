import { openChannel } from "@tet/contracts";
import { type Address, formatUnits, getAddress, parseUnits } from "viem";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { apiBase, getJson, oneId, remote } from "./apiClient.js";
import { chainClients, deployment } from "./chainArgs.js";

interface TariffView {
  unit: string;
  payout: string;
  from: number;
  until?: number;
}

/**
 * `tet channel open ID --amount TET --evm-key FILE --deployment FILE --rpc URL [--days N]`: the payer
 * escrows TET in a payment channel to the avatar's provider — the payout address of the tariff in
 * force on its passport — for N days (default 1), and prints the channel id that `tet voucher open`
 * and `pay` name.
 */
export const channelCommand: Command = {
  name: "channel",
  summary: "payer: open a payment channel (escrowed TET) to an avatar's provider",
  usage: "channel open ID --amount TET --evm-key FILE --deployment FILE --rpc URL [--days N] [--api URL]",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== "open") throw new UsageError("the subcommand is open");
    const { options, positional } = parseArgs(rest, [
      "amount",
      "evm-key",
      "deployment",
      "rpc",
      "days",
      "api",
    ]);
    const object = oneId(positional);
    const amount = options.get("amount");
    if (!amount || !/^\d+(\.\d{1,18})?$/.test(amount))
      throw new UsageError("--amount is a decimal TET amount");
    const days = Number(options.get("days") ?? "1");
    if (!Number.isInteger(days) || days < 1 || days > 365) throw new UsageError("--days is 1–365");
    const d = await deployment(options.get("deployment"));
    return remote(io, async () => {
      const p = await getJson<{ tariffs: TariffView[] }>(apiBase(options), `/v1/objects/${object}`);
      const now = Date.now();
      const tariff = p.tariffs.find((t) => t.from <= now && (t.until === undefined || t.until > now));
      if (!tariff) throw new UsageError(`avatar ${object} has no tariff in force: nobody to pay`);
      const payee = getAddress(`0x${tariff.payout.replace(/^0x/, "")}`) as Address;
      const clients = await chainClients(options);
      const block = await clients.public.getBlock();
      const channel = await openChannel(clients, d, {
        payee,
        amount: parseUnits(amount, 18),
        expiry: block.timestamp + BigInt(days * 86_400),
      });
      const escrowed = formatUnits(parseUnits(amount, 18), 18);
      io.stdout(
        `${JSON.stringify({ channel: channel.toString(), payee, amount: escrowed, unit: tariff.unit })}\n`,
      );
      return 0;
    });
  },
};
