import type { CliIo } from "../../commandLine/index.js";
import { runTet } from "../tet.js";

/** Runs `tet` in-process with the given stdin and collects its exit code and output (tests). */
export async function runTetInProcess(argv: string[], stdin: Uint8Array = new Uint8Array()) {
  const out: Uint8Array[] = [];
  let stderr = "";
  const io: CliIo = {
    stdout: (c) => {
      out.push(typeof c === "string" ? new TextEncoder().encode(c) : c);
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => stdin,
  };
  const code = await runTet(argv, io);
  const stdout = Buffer.concat(out);
  return { code, stdout: new Uint8Array(stdout), text: stdout.toString("utf8"), stderr };
}
