import { readFileSync } from "node:fs";
import type { OptionSpec } from "./backendOptions.js";
import { checkOption } from "./checkOption.js";
import { ConfigError } from "./configError.js";
import { parseFlatToml } from "./parseFlatToml.js";

/**
 * Loads the options of a `tet-backend` service command other than `serve` (the oracle, the
 * custodian) the way `serve` loads its own: defaults < `--config FILE` (flat TOML) < `TET_*`
 * environment < flags, each value checked once; an unknown key or a bad value is a ConfigError
 * naming it. Returns the values by option key.
 */
export function loadServiceOptions(args: {
  command: string;
  specs: readonly OptionSpec[];
  env: NodeJS.ProcessEnv;
  flags: ReadonlyMap<string, string>;
}): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const o of args.specs) if (o.fallback !== undefined) values.set(o.key, o.fallback);
  const file = args.flags.get("config");
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new ConfigError("--config", `cannot be read: ${(e as Error).message}`);
    }
    for (const [key, v] of Object.entries(parseFlatToml(text, file))) {
      const o = args.specs.find((x) => x.key === key);
      if (o === undefined)
        throw new ConfigError(`${file}: ${key}`, `is not an option of tet-backend ${args.command}`);
      values.set(key, checkOption(o, v, `${file}: ${key}`));
    }
  }
  for (const o of args.specs) {
    const v = args.env[o.env];
    if (v !== undefined && v !== "") values.set(o.key, checkOption(o, v, o.env));
  }
  for (const o of args.specs) {
    const v = args.flags.get(o.flag.slice(2));
    if (v !== undefined) values.set(o.key, checkOption(o, v, o.flag));
  }
  return values;
}

/** A file holding one 0x-hex secp256k1 private key (an oracle's, a custodian's, a sender's). */
export function readEvmKey(file: string, option: string): `0x${string}` {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (e) {
    throw new ConfigError(option, `cannot be read: ${(e as Error).message}`);
  }
  if (!/^0x[0-9a-fA-F]{64}$/.test(text))
    throw new ConfigError(option, `${file} does not hold a 0x-hex private key`);
  return text as `0x${string}`;
}

/** A comma- or space-separated option as a list. */
export const listOption = (v: unknown): string[] =>
  typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : [];
