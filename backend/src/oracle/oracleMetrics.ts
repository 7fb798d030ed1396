import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { FreshnessState } from "./freshness.js";

const STATE: Record<FreshnessState, number> = { fresh: 0, warning: 1, stale: 2 };

/**
 * The oracle process's Prometheus metrics: per fund the last rate on chain (peg units per unit), its
 * age in seconds and its state (0 fresh, 1 approaching staleness, 2 stale), posts, refusals by code
 * (the planner's, a peer's, the chain's revert name) and source failures.
 */
export class OracleMetrics {
  readonly registry = new Registry();
  readonly rate = new Gauge({
    name: "tet_oracle_rate",
    help: "rate on chain, peg units per whole unit",
    labelNames: ["fund"],
    registers: [this.registry],
  });
  readonly age = new Gauge({
    name: "tet_oracle_rate_age_seconds",
    help: "age of the rate on chain (chain time)",
    labelNames: ["fund"],
    registers: [this.registry],
  });
  readonly staleIn = new Gauge({
    name: "tet_oracle_stale_in_seconds",
    help: "seconds until the rate is stale (negative: stale)",
    labelNames: ["fund"],
    registers: [this.registry],
  });
  readonly state = new Gauge({
    name: "tet_oracle_fund_state",
    help: "0 fresh, 1 approaching staleness, 2 stale",
    labelNames: ["fund"],
    registers: [this.registry],
  });
  readonly posts = new Counter({
    name: "tet_oracle_posts_total",
    help: "median posts the chain accepted",
    labelNames: ["fund"],
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: "tet_oracle_refusals_total",
    help: "quotes not signed or posts refused, by code",
    labelNames: ["fund", "code"],
    registers: [this.registry],
  });
  readonly sourceErrors = new Counter({
    name: "tet_oracle_source_errors_total",
    help: "rate source reads that failed after their retries",
    labelNames: ["code"],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records one fund's rate, age and state as of the last tick. */
  fund(
    currency: string,
    f: { rate: number; ageSeconds: number; staleInSeconds: number; state: FreshnessState },
  ): void {
    this.rate.set({ fund: currency }, f.rate);
    this.age.set({ fund: currency }, f.ageSeconds);
    this.staleIn.set({ fund: currency }, f.staleInSeconds);
    this.state.set({ fund: currency }, STATE[f.state]);
  }
}
