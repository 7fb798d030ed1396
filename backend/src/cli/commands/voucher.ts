import { signVoucher } from "@tet/contracts";
import { isDidKey } from "@tet/schemas";
import { isAddress, parseUnits } from "viem";
import { signSessionRequest, voucherMessageJson } from "../../billing/index.js";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { apiBase, call, oneId, remote } from "./apiClient.js";
import { deployment, evmKey } from "./chainArgs.js";

const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/**
 * `tet voucher open|pay` for payers: `open` asks the backend to start a session on a channel the
 * payer opened (EIP-712 session binding naming the payer's rating did:key); `pay` signs an EIP-712
 * cumulative voucher (`--amount` TET in total so far) and sends it to the avatar over HTTP.
 */
export const voucherCommand: Command = {
  name: "voucher",
  summary: "payer: open a paid session on a channel, send EIP-712 vouchers",
  usage:
    "voucher open ID --session S --channel N --rater DID --evm-key FILE --deployment FILE [--api URL]\n" +
    "       tet voucher pay ID --session S --channel N --payee 0x… --amount TET --evm-key FILE --deployment FILE [--ttl SECONDS] [--api URL]",
  async run(args, io) {
    const [sub, ...rest] = args;
    const { options, positional } = parseArgs(rest, [
      "session",
      "channel",
      "rater",
      "payee",
      "amount",
      "evm-key",
      "deployment",
      "ttl",
      "api",
    ]);
    const object = oneId(positional);
    const session = options.get("session");
    const channel = options.get("channel");
    if (!session || !channel || !/^[1-9]\d*$/.test(channel))
      throw new UsageError("--session and --channel N are required");
    const account = await evmKey(options.get("evm-key"));
    const d = await deployment(options.get("deployment"));
    if (sub === "open") {
      const rater = options.get("rater");
      if (!rater || !isDidKey(rater)) throw new UsageError("--rater is the payer's did:key");
      const r = await signSessionRequest({
        account,
        chainId: d.chainId,
        settlement: d.settlement,
        request: { object, session, channel: BigInt(channel), rater },
      });
      return remote(io, async () => {
        const res = await call(apiBase(options), `/v1/objects/${object}/sessions`, post({ ...r, channel }));
        io.stdout(`${await res.text()}\n`);
        return 0;
      });
    }
    if (sub !== "pay") throw new UsageError("the subcommand is open or pay");
    const payee = options.get("payee");
    const amount = options.get("amount");
    if (!payee || !isAddress(payee, { strict: false }))
      throw new UsageError("--payee is the tariff's payout address");
    if (!amount || !/^\d+(\.\d{1,18})?$/.test(amount))
      throw new UsageError("--amount is a decimal TET amount");
    const signed = await signVoucher({
      account,
      chainId: d.chainId,
      settlement: d.settlement,
      voucher: {
        channel: BigInt(channel),
        payee,
        cumulativeAmount: parseUnits(amount, 18),
        expiry: BigInt(Math.floor(Date.now() / 1000) + Number(options.get("ttl") ?? 3600)),
      },
    });
    return remote(io, async () => {
      const res = await call(
        apiBase(options),
        `/v1/objects/${object}/vouchers`,
        post(voucherMessageJson({ object, session, signed })),
      );
      io.stdout(`${await res.text()}\n`);
      return 0;
    });
  },
};
