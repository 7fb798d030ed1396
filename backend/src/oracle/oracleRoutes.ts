import { Hono } from "hono";
import { operationsRoutes } from "../observability/index.js";
import type { OracleService } from "./oracleService.js";
import { quoteToJson } from "./quoteWire.js";

/**
 * The oracle process's HTTP routes: `GET /v1/oracle/quotes` (its own keys' newest signed quotes, for
 * peer oracles to post with theirs; signatures make them safe to serve to anyone), `GET
 * /v1/oracle/status` (each fund's rate, age, state and quotes held), and `/metrics`, `/healthz`,
 * `/readyz` — not ready while the chain or source fails or a fund that holds currency is stale,
 * with every fund's freshness in the body (a fund approaching staleness is said there too).
 */
export function oracleRoutes(service: OracleService): Hono {
  const app = new Hono();
  app.get("/v1/oracle/quotes", (c) => c.json({ quotes: service.quotes().map(quoteToJson) }));
  app.get("/v1/oracle/status", (c) => c.json(service.status()));
  const describe = (f: ReturnType<OracleService["status"]>["funds"][number]) =>
    `${f.currency} ${f.state}: rate ${f.ageSeconds} s old, ${f.staleInSeconds >= 0 ? `stale in ${f.staleInSeconds} s` : `stale for ${-f.staleInSeconds} s`}`;
  app.route(
    "/",
    operationsRoutes({
      registry: service.metrics.registry,
      checks: {
        oracle: async () => {
          const s = service.status();
          if (s.error) throw new Error(s.error);
        },
        funds: async () => {
          const stale = service.status().funds.filter((f) => f.state === "stale" && f.holds);
          if (stale.length > 0) throw new Error(stale.map(describe).join("; "));
        },
      },
      detail: () => ({ funds: service.status().funds.map((f) => ({ ...f, says: describe(f) })) }),
    }),
  );
  return app;
}
