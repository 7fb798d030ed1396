import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));

// Children die with the test process (a timed-out test must not leave agents or backends behind);
// the fixtures also exit by themselves when their parent is gone (see watchParent).
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) c.kill("SIGKILL");
});

/** A TypeScript program the scenario runs as a child process, optionally inside a network namespace. */
export interface Child {
  readonly process: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first stdout line matching `re` (including earlier ones). */
  line(re: RegExp, ms?: number): Promise<string>;
  /** Resolves when the process has exited (with its code or signal). */
  readonly exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Spawns `node --conditions=@tet/source --import tsx script` from the repository root, inside
 * `ip netns exec NS` when `netns` is given, with extra environment variables. stderr is kept and
 * printed only if the caller asks for it (it holds the one-line refusals).
 */
export function spawnTs(script: string, opts: { env?: Record<string, string>; netns?: string } = {}): Child {
  const node = [process.execPath, "--conditions=@tet/source", "--import", "tsx", script];
  const argv = opts.netns ? ["ip", "netns", "exec", opts.netns, ...node] : node;
  const p = spawn(argv[0] as string, argv.slice(1), {
    cwd: root,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(p);
  p.once("exit", () => live.delete(p));
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  createInterface({ input: p.stdout as NodeJS.ReadableStream }).on("line", (l) => {
    lines.push(l);
    for (const w of waiters.splice(0)) {
      if (w.re.test(l)) w.resolve(l);
      else waiters.push(w);
    }
  });
  const stderr: string[] = [];
  createInterface({ input: p.stderr as NodeJS.ReadableStream }).on("line", (l) => {
    stderr.push(l);
    if (process.env.TET_TEST_VERBOSE) process.stderr.write(`[${script}] ${l}\n`);
  });
  const exited = new Promise<number | string>((resolve) =>
    p.once("exit", (code, signal) => resolve(code ?? (signal as string))),
  );
  return {
    process: p,
    lines,
    exited,
    line(re, ms = 30_000) {
      const hit = lines.find((l) => re.test(l));
      if (hit !== undefined) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () =>
            reject(
              new Error(
                `${script}: no line matching ${re} within ${ms} ms; stderr:\n${stderr.slice(-20).join("\n")}`,
              ),
            ),
          ms,
        );
        waiters.push({
          re,
          resolve: (l) => {
            clearTimeout(t);
            resolve(l);
          },
        });
        exited.then((c) => {
          clearTimeout(t);
          reject(
            new Error(
              `${script} exited (${c}) before a line matching ${re}; stderr:\n${stderr.slice(-20).join("\n")}`,
            ),
          );
        });
      });
    },
    async kill(signal = "SIGTERM") {
      if (p.exitCode === null && p.signalCode === null) p.kill(signal);
      return exited;
    },
  };
}
