// Source-shape checks that Biome has no rule for, run by `npm run lint` after `biome check`:
//   - no source file (*.ts, *.mjs, *.sol) over MAX_LINES lines (STYLE.md rule 3: a file is named after
//     what it exports and stays small);
//   - no `as unknown as` in backend/src outside tests (issue 15: one ledger interface, no casts).
// Generated code is exempt by folder name (any path segment named "generated"), as are dependencies
// and build output. Prints every offender and exits 1 when there is one.
//
// Usage: node scripts/checkSource.mjs [root]   (root defaults to the repository this file is in)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
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

/** True for backend/src code that ships: not a test, not test support. */
function isBackendSource(path) {
  return path.startsWith("backend/src/") && !path.endsWith(".test.ts") && !path.includes("/test-support/");
}

/**
 * The offences in the tree at `root`: `{ path, problem }` for each file over the line limit and each
 * `as unknown as` in backend code. `readText` is injectable so a test can check the rules on a fixture.
 * @public
 */
export function checkSource(
  root,
  files = listFiles(root),
  readText = (p) => readFileSync(join(root, p), "utf8"),
) {
  const offences = [];
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
