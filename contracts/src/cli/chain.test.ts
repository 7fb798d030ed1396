import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AnvilHandle, startAnvil } from "../anvil/startAnvil.js";
import type { Deployment } from "../client/Deployment.js";
import { DEV_KEYS } from "../test-support/devChain.js";
import { runChainCommand } from "./chain.js";

const dir = mkdtempSync(join(tmpdir(), "tet-chain-cli-"));
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) },
  };
}

let anvil: AnvilHandle;
beforeAll(async () => {
  anvil = await startAnvil();
});
afterAll(() => anvil?.stop());

it("chain deploy deploys the system to an RPC endpoint with a key file and prints the addresses", async () => {
  const key = join(dir, "key");
  writeFileSync(key, `${DEV_KEYS[2]}\n`);
  const out = join(dir, "deployment.json");
  const c = capture();
  expect(await runChainCommand(["deploy", "--rpc", anvil.rpcUrl, "--key", key, "--out", out], c.io)).toBe(0);
  const printed = JSON.parse(c.out.join("")) as Deployment;
  expect(printed).toEqual(JSON.parse(readFileSync(out, "utf8")));
  expect(printed.chainId).toBe(31337);
  expect(printed.deployer).toBe("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
  for (const k of ["token", "reserve", "timelock", "governor", "settlement", "anchor"] as const) {
    expect(printed[k]).toMatch(/^0x[0-9a-fA-F]{40}$/);
  }
});

it("chain deploy refuses a missing flag or a bad key file with a usage exit code", async () => {
  const bad = join(dir, "bad-key");
  writeFileSync(bad, "not a key");
  for (const argv of [
    ["deploy", "--rpc", anvil.rpcUrl],
    ["deploy", "--rpc", anvil.rpcUrl, "--key", bad],
    ["nope"],
  ]) {
    const c = capture();
    expect(await runChainCommand(argv, c.io)).toBe(2);
    expect(c.err.join("")).not.toBe("");
  }
});

it("chain up starts a persistent chain, deploys once, and finds the deployment again after a restart", async () => {
  const state = join(dir, "up", "state.json");
  const up = async () => {
    const c = capture();
    const stop = new AbortController();
    const printed = new Promise<Record<string, unknown>>((resolve) => {
      c.io.stdout = (s: string) => {
        resolve(JSON.parse(s) as Record<string, unknown>);
      };
    });
    const done = runChainCommand(["up", "--state", state], { ...c.io, signal: stop.signal });
    const info = await printed;
    stop.abort();
    expect(await done).toBe(0);
    return info;
  };
  const first = await up();
  const second = await up();
  expect(second.reserve).toBe(first.reserve);
  expect(second.startBlock).toBe(first.startBlock);
  expect(JSON.parse(readFileSync(join(dir, "up", "deployment.json"), "utf8")).reserve).toBe(first.reserve);
});
