import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { DEFAULT_AVATAR_PREFIX } from "@tet/schemas";
import { ledgerFeed } from "./appendFeed.js";
import { type ApiOptions, createApi } from "./createApi.js";
import { liveObjectIndex } from "./liveObjectIndex.js";

/** Where and how to serve the API. */
export interface ServeOptions extends ApiOptions {
  /** TCP port (default 8080; 0 picks a free one). */
  port?: number;
  /**
   * Host to bind (default `::`, dual-stack: IPv6 and IPv4-mapped IPv4 on one socket; falls back to
   * `0.0.0.0` on hosts without IPv6). With a local route for the avatar prefix, `::` answers every
   * avatar address.
   */
  host?: string;
}

/** How long `close` lets requests in flight finish before it cuts their connections. */
const CLOSE_GRACE_MS = 2000;

/** A running server: its port and address, and `close`. */
export interface ServedApi {
  server: Server;
  port: number;
  host: string;
  close(): Promise<void>;
}

/**
 * Serves `createApi(options)` over HTTP/1.1 on one dual-stack socket (`::`, `ipv6Only` off), so
 * `http://[::1]:8080`, `http://127.0.0.1:8080` and every avatar address reach it. Resolves once the
 * object index is loaded and the socket listens.
 *
 * @example
 * const api = await serveApi({ ledger, port: 8080 });
 */
export async function serveApi(options: ServeOptions): Promise<ServedApi> {
  // The object index is loaded before the socket listens, so that no request waits for it (100,000
  // avatars take about a second) and a load generator's warm-up warms the request path, not the load.
  const feed = options.feed ?? ledgerFeed(options.ledger);
  const prefix = options.prefix ?? DEFAULT_AVATAR_PREFIX;
  const index = options.index ?? liveObjectIndex({ store: options.ledger.log.store, feed, prefix });
  await index();
  const app = createApi({ ...options, feed, index });
  const server = createServer(getRequestListener(app.fetch));
  server.keepAliveTimeout = 65_000;
  const listen = (host: string) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: options.port ?? 8080, host, ipv6Only: false }, () => {
        server.off("error", reject);
        resolve();
      });
    });
  let host = options.host ?? "::";
  try {
    await listen(host);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (options.host !== undefined || (code !== "EAFNOSUPPORT" && code !== "EADDRNOTAVAIL")) throw e;
    host = "0.0.0.0";
    await listen(host);
  }
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    host,
    // Requests in flight are answered (a refusal included) before the socket closes; what is still
    // open after a grace period (server-sent event streams) is cut.
    close: () =>
      new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
