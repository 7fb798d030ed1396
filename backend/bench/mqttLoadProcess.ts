// The load generator of the ingest benches as a child process (mqttLoad.ts), and the per-thread CPU
// figures the benches divide by.
import { fork } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { LoadJob, LoadResult } from "./mqttLoad.js";

/** CPU seconds used so far by each thread of this process (Linux /proc), by thread id. */
export function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of readdirSync("/proc/self/task")) {
    try {
      const st = readFileSync(`/proc/self/task/${t}/stat`, "utf8");
      const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
      out.set(t, (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/**
 * Starts the simulated devices (mqttLoad.ts) as a child process and waits until every one is
 * connected and subscribed; `start` sets them going, `result` resolves with their figures.
 */
export async function load(job: LoadJob): Promise<{ start: () => number; result: Promise<LoadResult> }> {
  const child = fork(new URL("./mqttLoad.ts", import.meta.url).pathname, {
    execArgv: ["--import", "tsx"],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const messages: ((m: { ready?: true; result?: LoadResult; error?: string }) => void)[] = [];
  child.on("message", (m: { ready?: true; result?: LoadResult; error?: string }) => messages.shift()?.(m));
  const next = () =>
    new Promise<{ ready?: true; result?: LoadResult; error?: string }>((r) => messages.push(r));
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`the load process exited with ${code}`))),
  );
  child.send(job);
  const ready = await Promise.race([next(), exited]);
  if (ready.error) throw new Error(`load: ${ready.error}`);
  const result = Promise.race([next(), exited]).then((m) => {
    if (m.result === undefined) throw new Error(`load: ${m.error}`);
    return m.result;
  });
  return {
    start: () => {
      child.send("go");
      return performance.now();
    },
    result,
  };
}
