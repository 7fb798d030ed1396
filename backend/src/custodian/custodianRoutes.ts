import { Hono } from "hono";
import { operationsRoutes } from "../observability/index.js";
import type { CustodianService } from "./custodianService.js";
import { problem, webhookRoute } from "./webhookRoute.js";

/**
 * The custodian process's HTTP routes: `GET /v1/custodian/attestations` (its own keys' signatures over
 * pending credits, for peers to submit with theirs — signatures make them safe to serve), `GET
 * /v1/custodian/status` (funds and their kind — a crypto fund needs no custodian —, credits and payouts
 * by status, the journal's head), `GET /v1/custodian/payouts?status=…` (the newest thousand), `GET /v1/custodian/journal?after=N`
 * (signed entries, for auditors), the payment provider's webhook when a secret is configured, and
 * `/metrics`, `/healthz`, `/readyz` (not ready while the chain or the payout adapter fails).
 */
export function custodianRoutes(service: CustodianService, o: { webhookSecret?: string } = {}): Hono {
  const app = new Hono();
  const store = service.o.store;
  app.get("/v1/custodian/attestations", (c) => c.json({ attestations: service.attestations() }));
  app.get("/v1/custodian/status", (c) => c.json(service.status()));
  app.get("/v1/custodian/payouts", (c) => {
    const status = c.req.query("status");
    const known = ["queued", "held", "ordered", "confirmed"] as const;
    const pick = known.find((k) => k === status);
    if (status !== undefined && !pick) {
      service.metrics.refusals.inc({ code: "BAD_QUERY" });
      return problem(c, 400, "BAD_QUERY", `status is one of ${known.join(", ")}`);
    }
    return c.json({ payouts: store.payouts(pick).slice(-1_000) }); // the newest thousand
  });
  app.get("/v1/custodian/journal", (c) => {
    const after = Number(c.req.query("after") ?? 0);
    return c.json({ entries: store.journal(Number.isSafeInteger(after) && after > 0 ? after : 0, 1_000) });
  });
  if (o.webhookSecret)
    app.route(
      "/",
      webhookRoute({
        secret: o.webhookSecret,
        onPayment: (entry) => service.importPayment(entry),
        onRefusal: (code) => service.metrics.refusals.inc({ code }),
      }),
    );
  app.route(
    "/",
    operationsRoutes({
      registry: service.metrics.registry,
      checks: {
        custodian: async () => {
          const e = service.status().error;
          if (e) throw new Error(e);
        },
        journal: async () => {
          const bad = await service.checkJournal();
          if (bad) throw new Error(bad);
        },
      },
      detail: () => {
        const s = service.status();
        return { credits: s.credits, payouts: s.payouts, funds: s.funds };
      },
    }),
  );
  return app;
}
