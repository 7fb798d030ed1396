import { BridgeError } from "../bridgeError.js";
import type { Transport, TransportHandlers } from "./transport.js";

export interface SerialOptions {
  path: string;
  /** Default 115200. */
  baudRate?: number;
}

/**
 * A serial port (UART, USB CDC, RS-485 adapter) through npm `serialport`, loaded only when a serial
 * transport is opened, so an agent without one never pays for its native binding.
 */
export function serialTransport(o: SerialOptions): Transport {
  const baudRate = o.baudRate ?? 115_200;
  let port: import("serialport").SerialPort | undefined;
  return {
    description: `serial ${o.path}@${baudRate}`,
    async open(h: TransportHandlers) {
      const { SerialPort } = await import("serialport");
      const p = new SerialPort({ path: o.path, baudRate, autoOpen: false });
      await new Promise<void>((resolve, reject) =>
        p.open((e) => (e ? reject(new BridgeError("TRANSPORT_FAILED", e.message, { cause: e })) : resolve())),
      );
      p.on("data", (chunk: Buffer) => h.data(chunk));
      p.on("error", (e) => h.error(e));
      p.on("close", () => h.close());
      port = p;
    },
    write(bytes) {
      const p = port;
      if (!p?.isOpen) return Promise.reject(new BridgeError("TRANSPORT_FAILED", "serial port is not open"));
      return new Promise((resolve, reject) => {
        p.write(Buffer.from(bytes), (e) => (e ? reject(e) : p.drain(() => resolve())));
      });
    },
    async close() {
      const p = port;
      port = undefined;
      if (p?.isOpen) await new Promise<void>((resolve) => p.close(() => resolve()));
    },
  };
}
