import { type ChildProcess, spawn } from "node:child_process";
import { BridgeError } from "../bridgeError.js";
import { streamTransport } from "./streamTransport.js";
import type { Transport, TransportHandlers } from "./transport.js";

/**
 * A program's stdout (frames in) and stdin (frames out): a firmware built for the host, a
 * simulator, or a helper that owns the hardware (e.g. a BLE or LoRa gateway). With no command, this
 * process's own stdin and stdout — for a bridge started by another program.
 */
export function stdioTransport(command?: readonly string[]): Transport {
  let child: ChildProcess | undefined;
  let inner: Transport | undefined;
  return {
    description: command ? `stdio ${command.join(" ")}` : "stdio",
    async open(h: TransportHandlers) {
      if (!command) {
        inner = streamTransport(this.description, process.stdin, process.stdout);
        return inner.open(h);
      }
      const [file, ...args] = command;
      if (!file) throw new BridgeError("TRANSPORT_INVALID", "stdio command is empty");
      const c = spawn(file, args, { stdio: ["pipe", "pipe", "inherit"] });
      await new Promise<void>((resolve, reject) => {
        c.once("spawn", resolve);
        c.once("error", (e) => reject(new BridgeError("TRANSPORT_FAILED", e.message, { cause: e })));
      });
      child = c;
      inner = streamTransport(this.description, c.stdout!, c.stdin!);
      await inner.open(h);
    },
    write(bytes) {
      return inner ? inner.write(bytes) : Promise.reject(new BridgeError("TRANSPORT_FAILED", "not open"));
    },
    async close() {
      await inner?.close();
      inner = undefined;
      const c = child;
      child = undefined;
      if (c && c.exitCode === null && c.signalCode === null) {
        const exited = new Promise((resolve) => c.once("exit", resolve));
        c.kill();
        await exited;
      }
    },
  };
}
