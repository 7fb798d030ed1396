#!/usr/bin/env node
// Runs every benchmark program (`*/bench/*.bench.ts` in the workspaces) one after another, each in its
// own Node process against the TypeScript sources, and prints one table of everything they reported.
// Usage: npm run bench [-- substring]   (only bench files whose path contains the substring)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filter = process.argv[2] ?? "";
const files = [];
for (const pkg of ["schemas", "firmware-bridge", "agent", "contracts", "backend", "test"]) {
  const dir = join(root, pkg, "bench");
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith(".bench.ts") && join(pkg, "bench", f).includes(filter)) files.push(join(dir, f));
  }
}

const rows = [];
let failed = 0;
for (const file of files) {
  const rel = file.slice(root.length);
  process.stderr.write(`running ${rel} …\n`);
  // A bench file whose first line says `bench: dist` measures the compiled packages (dist/, what
  // `tet-backend serve` runs); the others run against the TypeScript sources.
  const dist = readFileSync(file, "utf8").split("\n", 1)[0].includes("bench: dist");
  const flags = dist ? ["--import", "tsx"] : ["--conditions=@tet/source", "--import", "tsx"];
  const r = spawnSync(process.execPath, [...flags, file], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of r.stdout.split("\n")) {
    if (line.startsWith("BENCH ")) rows.push(JSON.parse(line.slice(6)));
  }
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`${rel} exited with ${r.status}\n`);
  }
}

const fmt = (v) =>
  Number.isInteger(v) || Math.abs(v) >= 100
    ? Math.round(v).toLocaleString("en-US")
    : v.toLocaleString("en-US", { maximumSignificantDigits: 4 });
const table = [["suite", "benchmark", "value", "unit", "target", "note"]];
for (const r of rows) table.push([r.suite, r.name, fmt(r.value), r.unit, r.target ?? "", r.note ?? ""]);
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
const line = (row) =>
  `| ${row.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ")} |`;
console.log(
  `\nmachine: ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);
console.log(line(table[0]));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of table.slice(1)) console.log(line(row));
process.exit(failed ? 1 : 0);
