import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root, where tsx and the workspace packages resolve. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Runs a TypeScript program from the sources in a child Node process, as `npm run bench` does. */
export function spawnTs(file: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ["--conditions=@tet/source", "--import", "tsx", file, ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
}

/** Calls `onLine` for each line the child prints on stdout. */
export function onLines(child: ChildProcess, onLine: (line: string) => void): void {
  createInterface({ input: child.stdout! }).on("line", onLine);
}

/** Resolves when the child has exited, with its exit code or signal. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}
