import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { main } from "../cli/index.js";
import { optionsTable } from "../server/index.js";
import { CUSTODIAN_OPTIONS } from "./custodianOptions.js";

it("the backend README's custodian table is exactly CUSTODIAN_OPTIONS", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const block = /<!-- custodian-options:start -->\n([\s\S]*?)<!-- custodian-options:end -->/.exec(
    readme,
  )?.[1];
  expect(block).toBe(optionsTable(CUSTODIAN_OPTIONS));
});

it("tet-backend custodian names the option at fault and exits 2", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tet-custodian-config-"));
  try {
    writeFileSync(
      join(dir, "d.json"),
      JSON.stringify({ chainId: 31337, reserve: "0x01", custodianBoard: "0x02" }),
    );
    writeFileSync(join(dir, "bad.key"), "not a key\n");
    const run = async (...args: string[]) => {
      const err: string[] = [];
      const code = await main(["custodian", ...args], {
        stdout: () => {},
        stderr: (t) => err.push(t),
        readStdin: async () => new Uint8Array(),
      });
      return `${code} ${err.join("")}`;
    };
    const base = ["--custodian-rpc", "http://127.0.0.1:9", "--custodian-deployment", join(dir, "d.json")];
    expect(await run(...base)).toBe("2 tet-backend custodian: configuration: custodian_keys is required\n");
    expect(await run(...base, "--custodian-keys", join(dir, "bad.key"))).toMatch(
      /^2 .*custodian_keys .*bad\.key does not hold a 0x-hex private key/,
    );
    expect(await run("--custodian-port", "http")).toMatch(/^2 .*--custodian-port/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
