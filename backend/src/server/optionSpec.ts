/** How an option's text is checked and turned into a value. */
export type OptionKind =
  | { type: "string" }
  | { type: "port" }
  | { type: "count" }
  | { type: "bool" }
  | { type: "url"; schemes: readonly string[] }
  | { type: "enum"; values: readonly string[] };

/** One backend option: its key in the config file, its flag, its environment variable, its default. */
export interface OptionSpec {
  /** snake_case key in `tet-backend.toml`. */
  key: string;
  /** `--kebab-case` flag of `tet-backend serve`. */
  flag: string;
  /** `TET_*` environment variable. */
  env: string;
  kind: OptionKind;
  /** The default as written in the README (undefined: unset). */
  fallback: string | number | boolean | undefined;
  /** One line for the README's table and `--help`. */
  doc: string;
}

/** A URL option of these schemes. */
export const url = (...schemes: string[]): OptionKind => ({ type: "url", schemes });
/** One option: its flag and environment variable follow from its key. */
export const opt = (
  key: string,
  kind: OptionKind,
  fallback: OptionSpec["fallback"],
  doc: string,
): OptionSpec => ({
  key,
  flag: `--${key.replaceAll("_", "-")}`,
  env: `TET_${key.toUpperCase()}`,
  kind,
  fallback,
  doc,
});
