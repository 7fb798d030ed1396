import { type ChildProcess, execFileSync, spawn } from "node:child_process";
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

/**
 * Runs an ES module snippet on the sources in a fresh Node process (from the repository root) and
 * returns the JSON it printed: what a process has loaded can only be seen in one of its own, since a
 * test process keeps whatever other tests loaded.
 */
export function runTsProbe<T>(source: string): T {
  const out = execFileSync(
    process.execPath,
    ["--conditions=@tet/source", "--import", "tsx", "--input-type=module", "-e", source],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  return JSON.parse(out) as T;
}

/**
 * How many CommonJS modules whose path matches `pattern` a fresh process has loaded after running
 * `code` (`before`), and after then running `control` (`after`), which loads one of them: so a test
 * that `before` is 0 cannot pass only because the probe sees nothing.
 */
export function cjsModulesLoaded(o: { pattern: RegExp; code: string; control: string }): {
  before: number;
  after: number;
} {
  return runTsProbe(`
    import { createRequire } from "node:module";
    const seen = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => ${o.pattern}.test(k)).length;
    ${o.code}
    const before = seen();
    ${o.control}
    console.log(JSON.stringify({ before, after: seen() }));`);
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
