import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./apiError.js";

/** The largest request body any route of the API reads (a route may set a smaller limit). */
export const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * Refuses a request body above `maxBytes` with PAYLOAD_TOO_LARGE (413) before it is buffered: at
 * once from a `Content-Length` above the limit, else (chunked) as soon as the bytes read pass it. What
 * the client still sends is discarded by the Node adapter (at most 64 MiB, then the socket is closed).
 */
export function limitBody(maxBytes: number, what = "a request body"): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", `${what} is at most ${maxBytes} bytes`);
    },
  });
}
