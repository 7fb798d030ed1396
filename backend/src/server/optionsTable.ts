import type { OptionSpec } from "./backendOptions.js";

const cell = (v: OptionSpec["fallback"]) =>
  v === undefined ? "—" : typeof v === "string" ? `\`${v}\`` : String(v);

/** A service's options as the README's Markdown table (header and one row per option, each line ending in a newline). */
export function optionsTable(specs: readonly OptionSpec[]): string {
  const rows = specs.map(
    (o) => `| \`${o.key}\` | \`${o.flag}\` | \`${o.env}\` | ${cell(o.fallback)} | ${o.doc} |`,
  );
  return `${["| key in the file | flag | environment | default | meaning |", "|---|---|---|---|---|", ...rows].join("\n")}\n`;
}
