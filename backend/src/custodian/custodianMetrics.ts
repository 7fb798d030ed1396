import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

/**
 * The custodian process's Prometheus metrics: statement imports by result, refusals by code (a
 * malformed file, a line that cannot be attested, a duplicate reference, a peer's bad signature, the
 * chain's revert name…), credits and payouts by status, attestations submitted, payout orders
 * written, and the journal's length.
 */
export class CustodianMetrics {
  readonly registry = new Registry();
  readonly imports = new Counter({
    name: "tet_custodian_imports_total",
    help: "statement files read, by result (imported, repeat, malformed)",
    labelNames: ["result"],
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: "tet_custodian_refusals_total",
    help: "inputs refused, by code",
    labelNames: ["code"],
    registers: [this.registry],
  });
  readonly credits = new Gauge({
    name: "tet_custodian_credits",
    help: "credits by status (pending: awaiting M signatures or the chain; attested)",
    labelNames: ["status"],
    registers: [this.registry],
  });
  readonly attested = new Counter({
    name: "tet_custodian_attestations_total",
    help: "deposit attestations this process submitted that the board took",
    registers: [this.registry],
  });
  readonly payouts = new Gauge({
    name: "tet_custodian_payouts",
    help: "payouts by status (queued, held, ordered, confirmed)",
    labelNames: ["status"],
    registers: [this.registry],
  });
  readonly ordered = new Counter({
    name: "tet_custodian_payout_orders_total",
    help: "payout orders written by the payout adapter",
    registers: [this.registry],
  });
  readonly journal = new Gauge({
    name: "tet_custodian_journal_entries",
    help: "signed entries in the journal",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
