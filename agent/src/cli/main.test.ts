import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cjsModulesLoaded, makeAvatar, tempDir } from "../test-support/index.js";
import { main } from "./main.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const stop = new AbortController();
  return {
    out,
    err,
    stop,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), signal: stop.signal },
  };
}

describe("tet-agent", () => {
  it("keygen, init from a genesis, then run refuses a key the genesis does not bind (exit 3)", async () => {
    const a = makeAvatar(); // binds the fixture device key, not the one keygen makes
    const key = join(tmp.dir, "device.pem");
    const k = io();
    expect(await main(["keygen", "--out", key], k.io)).toBe(0);
    expect(k.out.join("")).toMatch(/^did:key:z6Mk/);
    expect(await main(["keygen", "--out", key], io().io)).toBe(1); // never overwrites a key
    writeFileSync(join(tmp.dir, "genesis.cose"), a.genesis);
    const conf = join(tmp.dir, "tet-agent.toml");
    const i = io();
    expect(
      await main(
        [
          "init",
          "--genesis",
          join(tmp.dir, "genesis.cose"),
          "--log-key",
          a.logDid,
          "--key",
          key,
          "--out",
          conf,
        ],
        i.io,
      ),
    ).toBe(0);
    expect(readFileSync(conf, "utf8")).toContain(`object = "${a.objectId}"`);
    const r = io();
    expect(await main(["run", "--config", conf], r.io)).toBe(3);
    expect(r.err.join("")).toContain(k.out.join("").trim());
    expect(r.err.join("")).toContain("tet sign --key owner.pem");
    const s = io();
    expect(await main(["status", "--config", conf], s.io)).toBe(1);
  });

  it("prints usage, and exit 2 for unknown commands and options", async () => {
    const h = io();
    expect(await main(["--help"], h.io)).toBe(0);
    expect(h.out.join("")).toContain("keygen");
    expect(await main(["nope"], io().io)).toBe(2);
    expect(await main(["init", "--bogus", "1"], io().io)).toBe(2);
  });
});

describe("the tet-agent command stays light", () => {
  it("loads neither the whole wire contract nor the firmware bridge (both would bring ip-address)", () => {
    // ip-address (CommonJS, so visible in require.cache) comes only with @tet/schemas's package entry
    // (avatar addresses), which the firmware bridge imports too; the command uses @tet/schemas/device.
    const { before, after } = cjsModulesLoaded({
      pattern: /node_modules\/ip-address\//,
      code: `await import("./agent/src/cli/index.ts");`,
      control: `await import("@tet/schemas");`,
    });
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(0); // the probe can see it once it is loaded
  });
});
