import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** A bin script running as a user runs it, with every stdout and stderr line kept. */
export interface BinProcess {
  readonly p: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  readonly exited: Promise<number | null>;
}

/**
 * Spawns a bin script of the repository (`backend/bin/tet-backend.js`, `agent/bin/tet-agent.js`: the
 * real CLI, compiled) in `cwd`, adding it to `children` so the caller's afterAll can kill what is left.
 */
export function spawnBin(
  script: string,
  args: string[],
  opts: { cwd: string; children: Set<ChildProcess> },
): BinProcess {
  const p = spawn(process.execPath, [join(root, script), ...args], {
    cwd: opts.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  opts.children.add(p);
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: p.stdout as NodeJS.ReadableStream }).on("line", (l) => stdout.push(l));
  createInterface({ input: p.stderr as NodeJS.ReadableStream }).on("line", (l) => stderr.push(l));
  const exited = new Promise<number | null>((resolve) => p.once("exit", (code) => resolve(code)));
  return { p, stdout, stderr, exited };
}

/** The JSON line `tet-backend serve` prints once it is ready; rejects with its stderr if it exits first. */
export function serveReady<T>(backend: BinProcess): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const rl = createInterface({ input: backend.p.stdout as NodeJS.ReadableStream });
    rl.on("line", (l) => l.startsWith("{") && resolve(JSON.parse(l) as T));
    backend.exited.then((c) =>
      reject(new Error(`tet-backend serve exited ${c}: ${backend.stderr.join("\n")}`)),
    );
  });
}
