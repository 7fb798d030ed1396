import { ConfigError } from "./configError.js";

/** A value of the backend's flat config file. */
export type FlatValue = string | number | boolean;

/**
 * Reads the backend's config file: TOML v1.0.0 restricted to top-level `key = value` lines whose
 * value is a basic string, a decimal integer (underscores allowed) or a boolean, and `#` comments.
 * Tables, arrays and other forms are refused with the line number rather than guessed at.
 *
 * @example
 * parseFlatToml('http_port = 8080 # the API\npg = "postgres://tet@db/tet"');
 */
export function parseFlatToml(text: string, file = "config"): Record<string, FlatValue> {
  const out: Record<string, FlatValue> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const where = `${file}:${i + 1}:`;
    const m = /^\s*([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s#]+)\s*(#.*)?$/.exec(raw);
    if (m === null) {
      if (/^\s*(#.*)?$/.test(raw)) return;
      throw new ConfigError(
        where,
        `expected key = "text", a whole number or true/false; got ${JSON.stringify(raw.trim().slice(0, 40))}`,
      );
    }
    const [, key = "", word = ""] = m; // both groups always match once the line matched
    if (key in out) throw new ConfigError(`${where} ${key}`, "is set twice");
    out[key] = flatValue(word, `${where} ${key}`);
  });
  return out;
}

function flatValue(word: string, where: string): FlatValue {
  if (word === "true" || word === "false") return word === "true";
  if (word.startsWith('"')) {
    try {
      return JSON.parse(word) as string; // TOML basic strings' escapes are JSON's (plus \UXXXXXXXX)
    } catch {
      throw new ConfigError(where, `has a bad string ${word}`);
    }
  }
  if (/^[+-]?\d[\d_]*$/.test(word)) return Number(word.replaceAll("_", ""));
  throw new ConfigError(where, `has a value that is not "text", a whole number or true/false: ${word}`);
}
