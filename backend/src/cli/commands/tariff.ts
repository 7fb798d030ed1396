import { USAGE_UNITS, type UsageUnit } from "@tet/schemas";
import { isAddress, parseUnits } from "viem";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { oneId } from "./apiClient.js";
import { objectIdArg, timeArg } from "./objectIdArg.js";
import { type StatementFields, signAndPost } from "./ownerStatement.js";

/**
 * `tet tariff ID --unit kWh --price 0.35 --payout 0x… --key FILE`: the provider (the owner or a
 * delegate) publishes a price per unit in TET (converted exactly to base units, 10⁻¹⁸ TET), the EVM
 * address that is paid, and the validity period (`--from`, default now; `--until`, open-ended).
 */
export const tariffCommand: Command = {
  name: "tariff",
  summary: "publish a provider-signed tariff (price per unit in TET, payout address, validity)",
  usage: `tariff ID --unit (${USAGE_UNITS.join("|")}) --price TET --payout 0xADDRESS --key FILE [--from DATE] [--until DATE] [--api URL]`,
  async run(args, io) {
    const { options, positional } = parseArgs(args, [
      "unit",
      "price",
      "payout",
      "key",
      "from",
      "until",
      "api",
    ]);
    const obj = objectIdArg(oneId(positional));
    const unit = options.get("unit") as UsageUnit | undefined;
    const price = options.get("price");
    const payout = options.get("payout");
    const keyPath = options.get("key");
    if (!unit || !(USAGE_UNITS as readonly string[]).includes(unit))
      throw new UsageError("--unit is required");
    if (!price || !/^\d+(\.\d{1,18})?$/.test(price)) throw new UsageError("--price is a decimal TET amount");
    if (!payout || !isAddress(payout, { strict: false }))
      throw new UsageError("--payout is a 0x EVM address");
    if (!keyPath) throw new UsageError("--key is required");
    const s: StatementFields = {
      t: "tariff",
      obj,
      unit,
      price: parseUnits(price, 18),
      payout: Buffer.from(payout.slice(2), "hex"),
      from: options.has("from") ? timeArg(options.get("from")!, "from") : Date.now(),
    };
    if (options.has("until")) s.until = timeArg(options.get("until")!, "until");
    return signAndPost(io, { options, keyPath, statement: s });
  },
};
