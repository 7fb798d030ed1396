// The project's own commands as the demo runs them: each step is a `tet` invocation, like an owner,
// a manufacturer, a technician or a payer would type it.
import { spawn } from "node:child_process";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
export const TET = join(root, "backend/bin/tet.js");

/**
 * Runs `tet ARGS…` (or another of our programs) without blocking the event loop; resolves with its
 * stdout, parsed as JSON when it is one JSON line. Rejects with its stderr on a non-zero exit.
 */
export function tet(args, opts = {}) {
  const file = opts.file ?? TET;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.stderr.on("data", (c) => {
      err += c;
    });
    child.on("exit", (code) => {
      if (code !== 0)
        return reject(new Error(`tet ${args.slice(0, 2).join(" ")} failed (${code}): ${err.trim()}`));
      const text = out.trim();
      try {
        resolve(text.startsWith("{") ? JSON.parse(text) : text);
      } catch {
        resolve(text);
      }
    });
  });
}

/** Resolves after `ms` (the demo's pace between steps, so a person watching sees each one arrive). */
export const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `check` until it returns something other than undefined, every `everyMs`, at most `ms`;
 * rejects naming `what` after that.
 */
export async function waitFor(check, what, { ms = 120_000, everyMs = 500 } = {}) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(everyMs);
  }
}
