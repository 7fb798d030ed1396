import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  custodianBoardAbi,
  rateOracleAbi,
  reserveAbi,
  tETGovernorAbi,
  tETTimelockAbi,
} from "../../generated/artifacts.js";
import { type AnvilHandle, startAnvil } from "../anvil/index.js";
import type { Deployment } from "../client/index.js";
import { connect } from "../client/index.js";
import { DEV_KEYS } from "../test-support/index.js";
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
  for (const k of [
    "token",
    "reserve",
    "custodianBoard",
    "rateOracle",
    "timelock",
    "governor",
    "settlement",
    "anchor",
  ] as const) {
    expect(printed[k]).toMatch(/^0x[0-9a-fA-F]{40}$/);
  }
});

it("chain deploy --profile public takes days-long periods and refuses single-key signer sets", async () => {
  const key = join(dir, "key-public");
  writeFileSync(key, `${DEV_KEYS[3]}\n`);
  const base = ["deploy", "--rpc", anvil.rpcUrl, "--key", key, "--profile", "public"];
  const single = capture();
  expect(await runChainCommand(base, single.io)).toBe(1);
  expect(single.err.join("")).toMatch(/INVALID_INPUT: a public deployment needs at least 2-of-N/);
  const bad = capture();
  expect(await runChainCommand([...base, "--custodians", "0x12"], bad.io)).toBe(2);
  const three = [DEV_KEYS[1], DEV_KEYS[2], DEV_KEYS[3]].map((k) => privateKeyToAccount(k).address).join(",");
  const c = capture();
  expect(await runChainCommand([...base, "--custodians", three, "--oracles", three], c.io)).toBe(0);
  const d = JSON.parse(c.out.join("")) as Deployment;
  const clients = await connect({ rpcUrl: anvil.rpcUrl, privateKey: DEV_KEYS[3] });
  const read = (address: `0x${string}`, abi: readonly unknown[], functionName: string) =>
    clients.public.readContract({ address, abi, functionName } as never) as Promise<unknown>;
  expect(await read(d.custodianBoard, custodianBoardAbi, "threshold")).toBe(2n);
  expect(await read(d.rateOracle, rateOracleAbi, "threshold")).toBe(2n);
  expect(await read(d.governor, tETGovernorAbi, "votingPeriod")).toBe(5n * 86_400n);
  expect(await read(d.timelock, tETTimelockAbi, "getMinDelay")).toBe(2n * 86_400n);
  expect(await read(d.custodianBoard, custodianBoardAbi, "changeDelay")).toBe(14n * 86_400n);
  expect(await read(d.reserve, reserveAbi, "maxRateAge")).toBe(900n);
  expect(await read(d.reserve, reserveAbi, "governance")).toBe(d.timelock);
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
