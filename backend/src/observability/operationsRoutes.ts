import { Hono } from "hono";
import type { Registry } from "prom-client";
import { describeRoute, jsonResponse, mediaResponse } from "../openapi/index.js";
import { checkReadiness, type ReadinessCheck } from "./readiness.js";

/**
 * The operator's routes, beside the API or alone on an ingest worker: `GET /metrics` (Prometheus
 * text format from this backend's own registry), `GET /healthz` (the process answers: 200) and
 * `GET /readyz` (200 when every check passes — ledger open, broker listening or connected, chain
 * reachable when configured — else 503, with each check's result as JSON).
 *
 * @example
 * app.route("/", operationsRoutes({ registry: metrics.registry, checks: { ledger: () => store.size().then(() => {}) } }));
 */
export function operationsRoutes(opts: {
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
  /** More to say in the /readyz body whatever the outcome (e.g. the oracle's funds nearing staleness). */
  detail?: () => Record<string, unknown>;
}): Hono {
  const app = new Hono();
  app.get(
    "/metrics",
    describeRoute({
      summary: "Metrics in the Prometheus text format",
      responses: { "200": mediaResponse("every counter, gauge and histogram of this process", "text/plain") },
    }),
    async (c) => c.body(await opts.registry.metrics(), 200, { "content-type": opts.registry.contentType }),
  );
  app.get(
    "/healthz",
    describeRoute({
      summary: "Liveness: the process answers",
      responses: { "200": jsonResponse("`status` ok and the `uptime` in seconds") },
    }),
    (c) => c.json({ status: "ok", uptime: process.uptime() }),
  );
  app.get(
    "/readyz",
    describeRoute({
      summary: "Readiness: ledger open, broker listening or connected, chain reachable when configured",
      responses: {
        "200": jsonResponse("`ready` and each check's result"),
        "503": jsonResponse(
          "not ready: `ready` false and each check's result, the failing ones with their error",
        ),
      },
    }),
    async (c) => {
      const r = { ...(await checkReadiness(opts.checks)), ...opts.detail?.() };
      return c.json(r, r.ready ? 200 : 503, { "cache-control": "no-store" });
    },
  );
  return app;
}
