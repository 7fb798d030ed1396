import type { Passport } from "../../api/index.js";
import type { Command } from "../../commandLine/index.js";
import { parseArgs } from "../../commandLine/index.js";
import { apiBase, getJson, oneId, remote } from "./apiClient.js";

const date = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** The passport as readable text: identity, owners, keys, warranties, documents, state, counts. */
export function formatPassport(p: Passport): string {
  const lines = [
    `${p.name ?? p.class}  ${p.id}`,
    `  address       ${p.address}`,
    `  class         ${p.class}`,
  ];
  for (const k of ["model", "manufacturer", "serial", "maker"] as const)
    if (p[k]) lines.push(`  ${k.padEnd(13)} ${p[k]}`);
  lines.push(
    `  created       ${date(p.created.ts)} (log index ${p.created.index})`,
    `  owner         ${p.owner}`,
    "owners",
  );
  for (const o of p.owners) lines.push(`  ${date(o.since)}  ${o.owner}`);
  lines.push(`keys (${p.keys.length})`, ...p.keys.map((k) => `  ${k.role.padEnd(9)} ${k.did}`));
  lines.push(`warranties (${p.warranties.length})`);
  for (const w of p.warranties) {
    const claims = w.claims.length ? `, claims: ${w.claims.map((c) => c.status).join(", ")}` : "";
    lines.push(`  ${w.id}  ${w.status}${w.until ? ` until ${date(w.until)}` : ""}  by ${w.issuer}${claims}`);
  }
  lines.push(
    `documents (${p.documents.length})`,
    ...p.documents.map((d) => `  ${d.title}  ${d.mediaType}  ${d.uri}`),
  );
  if (p.state) {
    const r = Object.entries(p.state.readings).map(([k, v]) => `${k}=${String(v.v)}${v.u ? ` ${v.u}` : ""}`);
    lines.push(`state (seq ${p.state.seq}, ${date(p.state.ts)})`, `  ${r.join("  ")}`);
  }
  if (p.relations.length) lines.push("relations", ...p.relations.map((r) => `  ${r.rel} ${r.target}`));
  lines.push(`statements    ${p.counts.statements} (${p.counts.device} from the device)`);
  return `${lines.join("\n")}\n`;
}

/** `tet passport ID [--json]`: the avatar's passport from the API, readable or as JSON. */
export const passport: Command = {
  name: "passport",
  summary: "show an avatar's passport",
  usage: "passport ID [--json yes] [--api URL]",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["api", "json"]);
    const id = oneId(positional);
    return remote(io, async () => {
      const p = await getJson<Passport>(apiBase(options), `/v1/objects/${encodeURIComponent(id)}`);
      io.stdout(options.has("json") ? `${JSON.stringify(p, null, 2)}\n` : formatPassport(p));
      return 0;
    });
  },
};
