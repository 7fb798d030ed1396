import type { Readable, Writable } from "node:stream";
import { BridgeError } from "../bridgeError.js";
import type { Transport, TransportHandlers } from "./transport.js";

/**
 * Any pair of Node streams as a transport: the socket of a TCP transport, a program's stdout and
 * stdin (the stdio transport). Closing ends the writable side; the owner of the streams destroys them.
 */
export function streamTransport(description: string, input: Readable, output: Writable): Transport {
  let open = false;
  return {
    description,
    async open(h: TransportHandlers) {
      input.on("data", (chunk: Buffer) => h.data(chunk));
      input.on("error", (e) => h.error(e));
      output.on("error", (e) => h.error(e));
      input.on("close", () => {
        open = false;
        h.close();
      });
      open = true;
    },
    write(bytes) {
      if (!open || output.writableEnded || output.destroyed)
        return Promise.reject(new BridgeError("TRANSPORT_FAILED", `${description} is closed`));
      return new Promise((resolve, reject) =>
        output.write(Buffer.from(bytes), (e) => (e ? reject(e) : resolve())),
      );
    },
    async close() {
      open = false;
      input.removeAllListeners("data");
    },
  };
}
