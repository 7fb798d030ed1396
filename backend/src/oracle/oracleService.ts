import { type ChainClients, ChainError, type Deployment, postQuotes } from "@tet/contracts";
import type { Account } from "viem";
import { fetchPeerQuotes } from "./fetchPeerQuotes.js";
import { type Freshness, type FreshnessState, freshness } from "./freshness.js";
import { OracleError } from "./oracleError.js";
import { OracleMetrics } from "./oracleMetrics.js";
import { lowerMedian } from "./planQuote.js";
import { QuoteBook } from "./quoteBook.js";
import type { RateSource } from "./rateSource.js";
import { type RateState, readRateState } from "./readRateState.js";
import { signLocalQuotes } from "./signLocalQuotes.js";

/** How an oracle process runs; see the README's oracle table for the defaults. */
export interface OracleOptions {
  /** The account that sends the posts (pays gas); any account, not necessarily an oracle key. */
  clients: ChainClients;
  deployment: Pick<Deployment, "chainId" | "reserve" | "rateOracle">;
  /** The oracle keys this process holds, each from its own key file. */
  signers: readonly Account[];
  source: RateSource;
  /** Funds to quote (ISO codes or token addresses); default every listed non-peg fund. */
  currencies?: readonly string[];
  /** Other oracle processes (`http://host:port`) whose signed quotes this one collects. */
  peers?: readonly string[];
  intervalMs?: number;
  /** Post when the rate on chain is this old, percent of `maxRateAge` (default 50). */
  refreshPercent?: number;
  /** …or when the median moved this much, basis points (default 50). */
  deviationBps?: number;
  /** Warn from this age on, percent of `maxRateAge` (default 75). */
  warnPercent?: number;
  skewSeconds?: number;
  retries?: number;
  /** Post bundles (default true); false: only sign and serve quotes for a peer to post. */
  post?: boolean;
  log?: (level: "info" | "warn" | "error", msg: string) => void;
}

/** One fund as the status route and readiness report it. */
export interface FundStatus extends Freshness {
  currency: string;
  rate: string;
  rateUpdatedAt: number;
  holds: boolean;
  quotes: number;
  threshold: number;
}

/**
 * The oracle service: every `intervalMs` it reads the reserve at the chain's head, has each local key
 * sign its source's rate (planned to pass the reserve's rules), collects peers' signed quotes, and
 * posts the median bundle when the rate on chain has aged past `refreshPercent` of the freshness
 * limit or moved by `deviationBps`. It reports each fund's age and state as metrics, logs each
 * change into "approaching staleness", "stale" and back once, and keeps the status for /readyz.
 */
export class OracleService {
  readonly metrics = new OracleMetrics();
  readonly book = new QuoteBook();
  #status: FundStatus[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #lastError: string | undefined;
  readonly #states = new Map<string, FreshnessState>();
  readonly #complaints = new Set<string>();
  readonly o: Required<Omit<OracleOptions, "currencies" | "log">> & Pick<OracleOptions, "currencies" | "log">;

  constructor(options: OracleOptions) {
    this.o = {
      peers: [],
      intervalMs: 10_000,
      refreshPercent: 50,
      deviationBps: 50,
      warnPercent: 75,
      skewSeconds: 60,
      retries: 2,
      post: true,
      ...options,
    };
  }

  start(): void {
    const loop = () => {
      this.#running = this.tick().finally(() => {
        if (this.#timer !== undefined) this.#timer = setTimeout(loop, this.o.intervalMs);
      });
    };
    this.#timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Each fund's freshness as of the last tick, and the last failure of the chain or source, if any. */
  status(): { funds: FundStatus[]; error: string | undefined } {
    return { funds: this.#status, error: this.#lastError };
  }

  /** The signed quotes of this process's own keys: what peers fetch. */
  quotes() {
    return this.book.by(this.o.signers.map((s) => s.address));
  }

  /** One round: read, sign, collect, post, report. Never throws (failures are counted and logged). */
  async tick(): Promise<void> {
    let state: RateState;
    try {
      state = await readRateState(this.o.clients, this.o.deployment);
    } catch (e) {
      this.#fail("chain", `oracle: the chain does not answer: ${(e as Error).message}`);
      return;
    }
    const currencies = this.o.currencies ?? state.funds.map((f) => f.currency);
    try {
      const local = await signLocalQuotes({ state, currencies, ...this.o });
      for (const q of local.quotes) this.book.add(q);
      for (const r of local.refusals)
        if (r.code !== "QUOTE_NOT_NEWER") this.#refused(r.currency, r.code, r.detail);
      this.#complaints.delete("source");
      this.#lastError = undefined;
    } catch (e) {
      const code = e instanceof OracleError ? e.code : "SOURCE_FAILED";
      this.metrics.sourceErrors.inc({ code });
      this.#fail("source", `oracle: ${this.o.source.name} failed (${code}): ${(e as Error).message}`);
    }
    for (const peer of this.o.peers) {
      try {
        const got = await fetchPeerQuotes({ peer, deployment: this.o.deployment, signers: state.signers });
        for (const q of got.quotes) this.book.add(q);
        if (got.refused > 0) this.metrics.refusals.inc({ fund: "*", code: "BAD_PEER_QUOTE" }, got.refused);
      } catch (e) {
        this.metrics.sourceErrors.inc({ code: "PEER_FAILED" });
        this.#once(`peer ${peer}`, "warn", `oracle: ${(e as Error).message}`);
      }
    }
    const status: FundStatus[] = [];
    for (const f of state.funds.filter((x) => currencies.includes(x.currency))) {
      let updatedAt = f.rateUpdatedAt;
      let rate = f.rate;
      const bundle = this.book.bundle({
        fund: f.id,
        after: f.rateUpdatedAt,
        now: state.now,
        maxAge: state.rules.maxRateAge,
        skewSeconds: this.o.skewSeconds,
        threshold: state.threshold,
        signers: state.signers,
      });
      if (bundle && this.o.post && this.#due(f, bundle, state)) {
        try {
          await postQuotes(this.o.clients, this.o.deployment, bundle);
          this.metrics.posts.inc({ fund: f.currency });
          updatedAt = Math.min(...bundle.map((q) => q.observedAt));
          rate = (lowerMedian(bundle.map((q) => q.quote)) * state.rules.tetPerPeg) / 10n ** 18n;
        } catch (e) {
          const code = e instanceof ChainError ? (e.revertName ?? e.code) : "POST_REFUSED";
          this.#refused(f.currency, code, (e as Error).message);
        }
      }
      const fr = freshness({
        rateUpdatedAt: updatedAt,
        now: state.now,
        maxRateAge: state.rules.maxRateAge,
        warnPercent: this.o.warnPercent,
      });
      this.metrics.fund(f.currency, { ...fr, rate: Number(rate) / 1e18 });
      this.#alert(f.currency, fr, f.amount > 0n);
      status.push({
        currency: f.currency,
        rate: rate.toString(),
        rateUpdatedAt: updatedAt,
        holds: f.amount > 0n,
        quotes: this.book.count(f.id, updatedAt),
        threshold: state.threshold,
        ...fr,
      });
    }
    this.#status = status;
  }

  /** Post when the rate on chain is old enough, or the median moved far enough from it. */
  #due(f: RateState["funds"][number], bundle: readonly { quote: bigint }[], state: RateState): boolean {
    const age = state.now - f.rateUpdatedAt;
    if (age * 100 >= state.rules.maxRateAge * this.o.refreshPercent) return true;
    const median = (lowerMedian(bundle.map((q) => q.quote)) * state.rules.tetPerPeg) / 10n ** 18n;
    const diff = median > f.rate ? median - f.rate : f.rate - median;
    return diff * 10_000n >= f.rate * BigInt(this.o.deviationBps);
  }

  #alert(currency: string, fr: Freshness, holds: boolean): void {
    const before = this.#states.get(currency) ?? "fresh";
    this.#states.set(currency, fr.state);
    if (before === fr.state) return;
    const age = `${Math.round(fr.ageSeconds / 60)} min old`;
    if (fr.state === "stale")
      this.o.log?.(
        "error",
        `oracle: ${currency} rate is stale (${age}, limit passed ${-fr.staleInSeconds} s ago)${holds ? ": the reserve halts deposits and redemptions in every fund until a fresh rate is posted" : " (the fund holds nothing, so the reserve goes on)"}`,
      );
    else if (fr.state === "warning")
      this.o.log?.(
        "warn",
        `oracle: ${currency} rate is approaching staleness (${age}, stale in ${fr.staleInSeconds} s)`,
      );
    else this.o.log?.("info", `oracle: ${currency} rate is fresh again (${age})`);
  }

  #refused(currency: string, code: string, detail: string): void {
    this.metrics.refusals.inc({ fund: currency, code });
    this.#once(`${currency} ${code}`, "warn", `oracle: ${currency}: ${code}: ${detail}`);
  }

  #fail(what: string, msg: string): void {
    this.#lastError = msg;
    this.#once(what, "error", msg);
  }

  /** Logs a complaint once per streak (and a refusal code once per fund), not on every tick. */
  #once(key: string, level: "warn" | "error", msg: string): void {
    if (this.#complaints.has(key)) return;
    this.#complaints.add(key);
    this.o.log?.(level, msg);
  }
}
