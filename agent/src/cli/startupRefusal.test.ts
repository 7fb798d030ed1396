import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../test-support/index.js";
import { main } from "./main.js";

// Each way `tet-agent run` can be started wrong: one line naming the problem and the option that
// fixes it (config key and environment variable), exit 2 — never a stack trace.
let tmp: ReturnType<typeof tempDir>;
let conf: string;
beforeEach(async () => {
  tmp = tempDir();
  const key = join(tmp.dir, "device.pem");
  const quiet = { stdout: () => undefined, stderr: () => undefined, signal: new AbortController().signal };
  expect(await main(["keygen", "--out", key], quiet)).toBe(0);
  conf = join(tmp.dir, "tet-agent.toml");
  const init = [
    "init",
    "--object",
    "a".repeat(26),
    "--key",
    key,
    "--out",
    conf,
    "--data",
    join(tmp.dir, "data"),
  ];
  expect(
    await main([...init, "--log-key", "did:key:z6MkprEdphyzqdpxc2X39iKTxFryEXwtvYeg9y7AbyNhtswS"], quiet),
  ).toBe(0);
});
afterEach(() => tmp.cleanup());

async function run(env: Record<string, string>): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const io = {
      stdout: () => undefined,
      stderr: (t: string) => void err.push(t),
      signal: AbortSignal.abort(),
    };
    return { code: await main(["run", "--config", conf], io), err: err.join("").split("\n").filter(Boolean) };
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe("tet-agent run refuses to start, in one line, exit 2", () => {
  it("a key file that is missing or is not a key", async () => {
    const bad = join(tmp.dir, "bad.pem");
    writeFileSync(bad, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
    const damaged = await run({ TET_AGENT_KEY: bad });
    expect(damaged.err).toHaveLength(1);
    expect(damaged.err[0]).toMatch(
      /^tet-agent run: cannot start: agent\.key \(TET_AGENT_KEY\): .*bad\.pem is not an Ed25519 key file \(KEY_INVALID: .*\): point it at the file `tet-agent keygen --out FILE` wrote$/,
    );
    expect(damaged.code).toBe(2);
    const gone = await run({ TET_AGENT_KEY: join(tmp.dir, "missing.pem") });
    expect(gone.err).toEqual([
      expect.stringMatching(
        /^tet-agent run: cannot start: agent\.key \(TET_AGENT_KEY\): .*missing\.pem cannot be read \(ENOENT: /,
      ),
    ]);
    expect(gone.code).toBe(2);
  });

  it("a data directory that cannot be written (below a file)", async () => {
    const file = join(tmp.dir, "a-file");
    writeFileSync(file, "");
    const r = await run({ TET_AGENT_DATA: join(file, "data") });
    expect(r.err).toEqual([
      expect.stringMatching(
        /^tet-agent run: cannot start: agent\.data \(TET_AGENT_DATA\): .*a-file\/data cannot be written \(ENOTDIR: .*\): choose a directory this user can write$/,
      ),
    ]);
    expect(r.code).toBe(2);
  });
});
