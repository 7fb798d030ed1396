// Source-shape checks that Biome has no rule for, run by `npm run lint` after `biome check`:
//   - no source file (*.ts, *.mjs, *.sol) over MAX_LINES lines (STYLE.md rule 3: a file is named after
//     what it exports and stays small);
//   - no `as unknown as` in backend/src outside tests (issue 15: one ledger interface, no casts);
//   - the two imports Biome's noPrivateImports does not check: `export … from` (allowed only in an
//     index file or a package entry) and `import * as` must name a file the importer may see — a file
//     of its own folder or a parent's, or an index of a sibling folder (the same rule as Biome's).
// Generated code is exempt by folder name (any path segment named "generated"), as are dependencies
// and build output. Prints every offender and exits 1 when there is one.
//
// Usage: node scripts/checkSource.mjs [root]   (root defaults to the repository this file is in)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The longest a hand-written source file may be, in lines.
 * @public (test/src/lintGates.test.ts checks the rules on a fixture)
 */
export const MAX_LINES = 300;
const SOURCE = /\.(ts|mjs|sol)$/;
const EXEMPT_FOLDERS = new Set(["node_modules", "dist", "generated"]);
const CAST = "as unknown as";

/** Repository-relative paths of the files git knows or would add (tracked and untracked, not ignored). */
function listFiles(root) {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  return [...new Set(out.split("\0").filter(Boolean))];
}

/**
 * Lines as `wc -l` counts them, plus a last line without its newline.
 * @public
 */
export function lineCount(text) {
  if (text === "") return 0;
  const newlines = text.split("\n").length - 1;
  return text.endsWith("\n") ? newlines : newlines + 1;
}

const REEXPORT_OR_NAMESPACE =
  /^(export\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from|import\s+(?:type\s+)?\*\s+as\s+\w+\s+from)\s+"(\.[^"]+)"/gm;
const isIndex = (path) => /^index\.[mc]?[tj]s$/.test(basename(path));

/** The files named by the "@tet/source" condition of each package's "exports": its entry points. */
function packageEntries(files, readText) {
  const entries = new Set();
  for (const path of files.filter((f) => /^[^/]+\/package\.json$/.test(f))) {
    const exports = JSON.parse(readText(path)).exports ?? {};
    for (const target of Object.values(exports))
      if (typeof target === "object" && target["@tet/source"])
        entries.add(normalize(join(dirname(path), target["@tet/source"])));
  }
  return entries;
}

/**
 * Biome's visibility rule for one import: a file is visible from its own folder down; an index file
 * from its folder's parent down.
 */
function visible(target, importer) {
  const unit = isIndex(target) ? dirname(target) : target;
  const parent = dirname(unit);
  return parent === "." || `${dirname(importer)}/`.startsWith(`${parent}/`);
}

/** `export … from` and `import * as` statements of `path` that reach a file it may not see. */
function privateReexports(path, text, known, entries) {
  const found = [];
  for (const m of text.matchAll(REEXPORT_OR_NAMESPACE)) {
    const isExport = m[1].startsWith("export");
    if (isExport && (isIndex(path) || entries.has(path))) continue;
    const target = [".ts", ".mjs"]
      .map((ext) => normalize(join(dirname(path), m[2])).replace(/\.[mc]?js$/, ext))
      .find((t) => known.has(t));
    if (target === undefined || target.split("/").some((segment) => EXEMPT_FOLDERS.has(segment))) continue;
    if (!visible(target, path))
      found.push({
        path,
        problem: `${isExport ? "re-exports" : "imports * from"} ${m[2]}: import its folder's index.ts`,
      });
  }
  return found;
}

/** True for backend/src code that ships: not a test, not test support. */
function isBackendSource(path) {
  return path.startsWith("backend/src/") && !path.endsWith(".test.ts") && !path.includes("/test-support/");
}

/**
 * The offences in the tree at `root`: `{ path, problem }` for each file over the line limit, each
 * `as unknown as` in backend code, and each re-export or namespace import past a folder's index. `readText` is injectable so a test can check the rules on a fixture.
 * @public
 */
export function checkSource(
  root,
  files = listFiles(root),
  readText = (p) => readFileSync(join(root, p), "utf8"),
) {
  const offences = [];
  const known = new Set(files);
  const entries = packageEntries(files, readText);
  for (const path of files.sort()) {
    if (!SOURCE.test(path)) continue;
    if (path.split("/").some((segment) => EXEMPT_FOLDERS.has(segment))) continue;
    let text;
    try {
      text = readText(path);
    } catch {
      continue; // deleted in the work tree but still in the index
    }
    const lines = lineCount(text);
    if (lines > MAX_LINES) offences.push({ path, problem: `${lines} lines (limit ${MAX_LINES})` });
    offences.push(...privateReexports(path, text, known, entries));
    if (isBackendSource(path)) {
      text.split("\n").forEach((line, i) => {
        if (line.includes(CAST)) offences.push({ path: `${path}:${i + 1}`, problem: `"${CAST}" cast` });
      });
    }
  }
  return offences;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? fileURLToPath(new URL("..", import.meta.url));
  const offences = checkSource(root);
  for (const o of offences) process.stderr.write(`checkSource: ${o.path}: ${o.problem}\n`);
  if (offences.length > 0) {
    process.stderr.write(
      `checkSource: ${offences.length} offence(s). Split files along their seams; generated code goes in a folder named "generated".\n`,
    );
    process.exitCode = 1;
  }
}
