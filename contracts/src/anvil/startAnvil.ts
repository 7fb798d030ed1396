import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { ChainError } from "../errors/index.js";

/** A running Anvil node. */
export interface AnvilHandle {
  rpcUrl: string;
  port: number;
  /** Stops the node (SIGTERM) and resolves once it has exited, so a state file is fully written. */
  stop: () => Promise<void>;
}

export interface StartAnvilOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Load state from this file when it exists and dump it there on exit and periodically. */
  stateFile?: string;
  /** Chain id; Anvil's default is 31337. */
  chainId?: number;
}

/** The Anvil binary shipped inside `@foundry-rs/anvil`'s platform package (no wrapper process). */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const exe = process.platform === "win32" ? "anvil.exe" : "anvil";
  try {
    const pkg = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`);
    const bin = join(dirname(pkg), "bin", exe);
    if (existsSync(bin)) return bin;
  } catch {
    // fall through to the wrapper script
  }
  return join(dirname(require.resolve("@foundry-rs/anvil/package.json")), "bin.mjs");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Starts Anvil on 127.0.0.1 and resolves once it answers `eth_chainId`, by watching its "Listening on"
 * line and then asking. With `stateFile`, the chain survives restarts (`--state`).
 * @example const anvil = await startAnvil(); … await anvil.stop();
 */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilHandle> {
  const port = options.port || (await freePort());
  const args = ["--host", "127.0.0.1", "--port", String(port)];
  if (options.stateFile) args.push("--state", options.stateFile, "--state-interval", "5");
  if (options.chainId) args.push("--chain-id", String(options.chainId));
  const child = spawn(anvilBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
  const rpcUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitListening(child);
    await rpc(rpcUrl, "eth_chainId");
  } catch (cause) {
    child.kill("SIGKILL");
    throw new ChainError("ANVIL_START_FAILED", `anvil did not start on ${rpcUrl}`, { cause });
  }
  return {
    rpcUrl,
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function waitListening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Listening on")) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => {
      out = (out + c.toString()).slice(-2000);
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`anvil exited with ${code}: ${out.slice(-500)}`)));
  });
}

/** One JSON-RPC call over HTTP; used only to check that the node answers. */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result;
}
