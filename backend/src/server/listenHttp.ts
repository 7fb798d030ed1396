import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";

/**
 * Serves a small hono app (a service's status and operations routes) on `port` of `::` (dual-stack),
 * falling back to 0.0.0.0 where there is no IPv6; resolves with the port and a `close`.
 */
export async function listenHttp(
  app: Hono,
  port: number,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer(getRequestListener(app.fetch));
  const listen = (host: string) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port, host, ipv6Only: false }, () => {
        server.off("error", reject);
        resolve();
      });
    });
  try {
    await listen("::");
  } catch (e) {
    if (
      (e as NodeJS.ErrnoException).code !== "EAFNOSUPPORT" &&
      (e as NodeJS.ErrnoException).code !== "EADDRNOTAVAIL"
    )
      throw e;
    await listen("0.0.0.0");
  }
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
