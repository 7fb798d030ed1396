import type { ChainClients, Deployment } from "@tet/contracts";
import { Hono } from "hono";
import { ChainLogs } from "./chainLogs.js";
import { reserveRoutes } from "./reserveRoutes.js";
import { walletRoutes } from "./walletRoutes.js";

/**
 * The proof of reserves and the wallet on one chain, over one cache of the chain's events: what
 * `startBackend` mounts when the chain is on. `clients`' account relays the holders' signed payments.
 */
export function economyRoutes(chain: { clients: ChainClients; deployment: Deployment }): Hono {
  const logs = new ChainLogs(chain.clients, chain.deployment);
  const app = new Hono();
  app.route("/", reserveRoutes({ ...chain, logs }));
  app.route("/", walletRoutes({ ...chain, logs }));
  return app;
}
