import type { OptionSpec } from "./backendOptions.js";
import { ConfigError } from "./configError.js";
import type { FlatValue } from "./parseFlatToml.js";

/** Checks one option's value against its kind and converts it; a defect is a ConfigError naming `where`. */
export function checkOption(o: OptionSpec, v: FlatValue, where: string): unknown {
  const k = o.kind;
  const text = typeof v === "string" ? v : undefined;
  if (k.type === "port" || k.type === "count") {
    const n =
      typeof v === "number" ? v : text !== undefined && /^\d+$/.test(text) ? Number(text) : Number.NaN;
    const max = k.type === "port" ? 65_535 : Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(n) || n < 0 || n > max)
      throw new ConfigError(
        where,
        `must be a whole number 0–${max.toLocaleString("en")}, got ${JSON.stringify(v)}`,
      );
    return n;
  }
  if (k.type === "bool") {
    if (typeof v === "boolean") return v;
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
    throw new ConfigError(where, `must be true or false, got ${JSON.stringify(v)}`);
  }
  if (text === undefined) throw new ConfigError(where, `must be text, got ${JSON.stringify(v)}`);
  if (k.type === "enum" && !k.values.includes(text))
    throw new ConfigError(where, `must be one of ${k.values.join(", ")}, got ${JSON.stringify(text)}`);
  if (k.type === "url") {
    let scheme: string;
    try {
      scheme = new URL(text).protocol.slice(0, -1);
    } catch {
      throw new ConfigError(where, `is not a URL: ${JSON.stringify(text.slice(0, 80))}`);
    }
    if (!k.schemes.includes(scheme))
      throw new ConfigError(
        where,
        `must be a ${k.schemes.map((s) => `${s}://`).join(" or ")} URL, got ${scheme}://`,
      );
  }
  return text;
}
