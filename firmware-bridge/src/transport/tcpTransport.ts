import { connect, type Socket } from "node:net";
import { BridgeError } from "../bridgeError.js";
import { streamTransport } from "./streamTransport.js";
import type { Transport, TransportHandlers } from "./transport.js";

export interface TcpOptions {
  host: string;
  port: number;
  /** Give up connecting after this long (ms); default 5000. */
  timeoutMs?: number;
}

/**
 * A TCP connection to a serial-to-Ethernet converter or a microcontroller with a network stack
 * (ESP32, W5500): the same frames as on a UART, over a socket. Nagle is off: frames are small.
 */
export function tcpTransport(o: TcpOptions): Transport {
  let socket: Socket | undefined;
  let inner: Transport | undefined;
  return {
    description: `tcp ${o.host}:${o.port}`,
    async open(h: TransportHandlers) {
      const s = await new Promise<Socket>((resolve, reject) => {
        const c = connect({ host: o.host, port: o.port, noDelay: true, timeout: o.timeoutMs ?? 5000 });
        const fail = (e: Error) => {
          c.destroy();
          reject(new BridgeError("TRANSPORT_FAILED", e.message, { cause: e }));
        };
        c.once("error", fail);
        c.once("timeout", () => fail(new Error("connect timed out")));
        c.once("connect", () => {
          c.off("error", fail);
          c.setTimeout(0);
          resolve(c);
        });
      });
      socket = s;
      inner = streamTransport(this.description, s, s);
      await inner.open(h);
    },
    write(bytes) {
      return inner
        ? inner.write(bytes)
        : Promise.reject(new BridgeError("TRANSPORT_FAILED", "not connected"));
    },
    async close() {
      await inner?.close();
      socket?.destroy();
      socket = undefined;
      inner = undefined;
    },
  };
}
