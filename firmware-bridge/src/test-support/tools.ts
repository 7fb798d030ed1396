import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The reason a test needing these programs (the system C compiler `cc`, `socat`) must be skipped,
 * or undefined when all are installed. Under CI=true a missing program is a failure, never a skip:
 * CI installs them (.ci/run), so the suite goes red instead of silently testing less.
 */
export function toolsMissing(...tools: ("cc" | "socat")[]): string | undefined {
  const absent = tools.filter((t) => {
    try {
      execFileSync("sh", ["-c", `command -v ${t}`], { stdio: "ignore" });
      return false;
    } catch {
      return true;
    }
  });
  if (absent.length === 0) return undefined;
  const text = `not installed: ${absent.join(", ")} (apt-get install -y gcc socat)`;
  if (process.env.CI === "true") throw new Error(`CI=true and ${text}`);
  console.warn(`skipping: ${text}`);
  return text;
}

export const C_DIR = new URL("../../c/", import.meta.url).pathname;
export const C_FLAGS = ["-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror"];
const LIBRARY = ["tb_encode.c", "tb_decode.c", "tb_crc32.c"];

const SANITIZERS = ["-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all"];

/**
 * Builds a program from the reference C code and one main file (relative to c/); returns its path.
 * With `sanitize`, under AddressSanitizer and UBSan (any out-of-bounds access or undefined behaviour
 * aborts the program, so the test fails) when the compiler has them, else plainly, with a warning.
 */
export function buildC(main: string, opts: { sanitize?: boolean } = {}): string {
  const out = join(mkdtempSync(join(tmpdir(), "tet-fw-c-")), main.replace(/.*\//, "").replace(/\.c$/, ""));
  const files = [main, ...LIBRARY].map((f) => join(C_DIR, f));
  const cc = (extra: string[]) =>
    execFileSync("cc", [...C_FLAGS, "-O1", ...extra, "-o", out, ...files], {
      stdio: ["ignore", "inherit", "pipe"],
    });
  if (opts.sanitize) {
    try {
      cc(SANITIZERS);
      return out;
    } catch {
      console.warn("the C compiler has no AddressSanitizer/UBSan here: building without");
    }
  }
  cc([]);
  return out;
}
