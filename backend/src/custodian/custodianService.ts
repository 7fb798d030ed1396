import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ChainClients, Deployment } from "@tet/contracts";
import { type Account, formatUnits, type Hex } from "viem";
import { attestationToJson } from "./attestationWire.js";
import { attestCredits } from "./attestCredits.js";
import type { FundInfo } from "./classifyEntry.js";
import { CUSTODIAN_ERROR_CODES, CustodianError } from "./custodianError.js";
import { CustodianMetrics } from "./custodianMetrics.js";
import type { CustodianStore } from "./custodianStore.js";
import { depositMessage } from "./depositAttestation.js";
import { fundCustody } from "./fundCustody.js";
import { type ImportResult, importEntries } from "./importEntries.js";
import { GENESIS, verifyJournal } from "./journalEntry.js";
import { parseStatement } from "./parseStatement.js";
import type { PayoutAdapter } from "./payoutAdapter.js";
import { processPayouts, readBeneficiaries } from "./processPayouts.js";
import { queuePayouts } from "./queuePayouts.js";
import { type CustodyState, readCustodyState } from "./readCustodyState.js";
import type { StatementEntry } from "./statementEntry.js";

/** How a custodian process runs; see the README's custodian table for the defaults. */
export interface CustodianOptions {
  /** The account that sends attestations (pays gas); any account, not necessarily a custodian key. */
  clients: ChainClients;
  deployment: Pick<Deployment, "chainId" | "reserve" | "custodianBoard" | "startBlock">;
  /** The custodian keys this process holds, each from its own key file. */
  signers: readonly Account[];
  store: CustodianStore;
  /** A directory of bank statements (CSV, camt.053): each new file is imported once. */
  inbox?: string;
  /** Other custodian processes (`http://host:port`) whose signed attestations this one collects. */
  peers?: readonly string[];
  /** The payment leg; without one this process attests and journals but pays nothing. */
  adapter?: PayoutAdapter;
  /** A CSV of bank details by address (`address,name,iban`): payouts to others are held. */
  beneficiaries?: string;
  /** Blocks a PayoutInstruction must be buried under before it is queued (default 0). */
  confirmations?: number;
  /** Submit attestations once M signatures are present (default true). */
  submit?: boolean;
  intervalMs?: number;
  /** Payout orders written per round at most (default 100). */
  payoutBatch?: number;
  log?: (level: "info" | "warn" | "error", msg: string) => void;
}

/**
 * The custodian service: every `intervalMs` it reads the reserve and the board at the chain's head,
 * imports new statement files from its inbox, signs and collects M-of-N attestations of the credits
 * and submits them, queues the reserve's PayoutInstruction events of fiat funds, and orders the queued
 * payouts through its adapter — each state change with a signed, hash-chained journal entry.
 */
export class CustodianService {
  readonly metrics = new CustodianMetrics();
  readonly o: CustodianOptions &
    Required<Pick<CustodianOptions, "peers" | "submit" | "intervalMs" | "payoutBatch">>;
  #state: CustodyState | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #lastError: string | undefined;
  readonly #complaints = new Set<string>();
  readonly #seenFiles = new Set<string>();
  #verified: { seq: number; hash: Hex } = { seq: 0, hash: GENESIS };
  #journalDefect: string | undefined;

  constructor(options: CustodianOptions) {
    this.o = { peers: [], submit: true, intervalMs: 5_000, payoutBatch: 100, ...options };
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

  /** The funds as last read (ISO code → fund), for imports between rounds. */
  async funds(): Promise<Map<string, FundInfo>> {
    this.#state ??= await readCustodyState(this.o.clients, this.o.deployment);
    return this.#state.funds;
  }

  /** Imports one statement file's bytes (all or nothing; the same bytes twice change nothing). */
  async importStatement(bytes: Uint8Array, name: string): Promise<ImportResult> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (this.o.store.imported(sha256)) {
      this.metrics.imports.inc({ result: "repeat" });
      return { repeat: true, credits: 0, confirmations: 0, refused: [], ignored: 0 };
    }
    let statement: ReturnType<typeof parseStatement>;
    try {
      statement = parseStatement(bytes);
    } catch (e) {
      if (!(e instanceof CustodianError)) throw e;
      this.metrics.imports.inc({ result: "malformed" });
      this.metrics.refusals.inc({ code: e.code });
      throw e;
    }
    const r = await importEntries(this.o.store, {
      entries: statement.entries,
      funds: await this.funds(),
      source: `statement ${name}`,
      file: { sha256, name, format: statement.format },
    });
    this.metrics.imports.inc({ result: r.repeat ? "repeat" : "imported" });
    for (const x of r.refused) this.metrics.refusals.inc({ code: x.code });
    if (!r.repeat)
      this.o.log?.(
        "info",
        `custodian: imported ${name} (${statement.format}): ${r.credits} credits, ${r.confirmations} payouts confirmed, ${r.refused.length} refused${r.refused.map((x) => `; ${x.code} ${x.detail}`).join("")}`,
      );
    return r;
  }

  /** Imports one provider payment (a webhook's): a credit, unless its reference was used. */
  async importPayment(entry: StatementEntry): Promise<ImportResult> {
    const r = await importEntries(this.o.store, {
      entries: [entry],
      funds: await this.funds(),
      source: "webhook",
    });
    for (const x of r.refused) this.metrics.refusals.inc({ code: x.code });
    return r;
  }

  /**
   * Verifies the journal entries written since the last check (all of them the first time): the
   * hash chain and every signature. Returns the first defect in words, or undefined.
   */
  async checkJournal(): Promise<string | undefined> {
    if (this.#journalDefect) return this.#journalDefect;
    const entries = this.o.store.journal(this.#verified.seq);
    const bad = await verifyJournal(entries, { after: this.#verified });
    const last = entries.at(-1);
    if (bad) this.#journalDefect = `${CUSTODIAN_ERROR_CODES.JOURNAL_BROKEN} at entry ${bad.seq}: ${bad.why}`;
    else if (last) this.#verified = { seq: last.seq, hash: last.hash };
    return this.#journalDefect;
  }

  /** This process's own keys' signatures over the pending credits: what peers fetch. */
  attestations() {
    const mine = new Set(this.o.signers.map((s) => s.address.toLowerCase()));
    return this.o.store.credits("pending").flatMap((c) =>
      this.o.store
        .signatures(c.ref)
        .filter((s) => mine.has(s.signer.toLowerCase()))
        .map((s) => attestationToJson(depositMessage(c), s.signer, s.signature)),
    );
  }

  /** Funds and who keeps them, credits and payouts by status, the journal's head, the last failure. */
  status() {
    const s = this.o.store;
    return {
      funds: [...(this.#state?.funds.values() ?? [])].map(fundCustody),
      threshold: this.#state?.threshold,
      credits: s.countByStatus("credits"),
      payouts: s.countByStatus("payouts"),
      journal: s.head(),
      error: this.#lastError,
    };
  }

  /** One round. Never throws (failures are counted, logged once per streak, and kept for /readyz). */
  async tick(): Promise<void> {
    try {
      this.#state = await readCustodyState(this.o.clients, this.o.deployment);
    } catch (e) {
      this.#fail("chain", `custodian: the chain does not answer: ${(e as Error).message}`);
      return;
    }
    const state = this.#state;
    this.#lastError = undefined;
    this.#complaints.delete("chain");
    const defect = await this.checkJournal();
    if (defect) {
      // A journal that does not verify was altered outside this process: sign and pay nothing more.
      this.#fail("journal", `custodian: halted: ${defect}`);
      return;
    }
    for (const k of this.o.signers)
      if (!state.signers.has(k.address.toLowerCase()))
        this.#once(
          `not on board ${k.address}`,
          "warn",
          `custodian: key ${k.address} is not on the custodian board: it signs nothing`,
        );
    if (this.o.inbox) await this.#importInbox(this.o.inbox);
    await attestCredits({
      ...this.o,
      state,
      hooks: {
        refused: (code, detail) => this.#refused(code, detail),
        attested: (c, a) => {
          if (a.byUs) this.metrics.attested.inc();
          this.o.log?.(
            "info",
            `custodian: ${c.bankRef} attested: ${formatUnits(a.minted, 18)} TET to ${c.buyer} (${a.tx})`,
          );
        },
        peerFailed: (peer, e) => this.#once(`peer ${peer}`, "warn", `custodian: ${e.message}`),
      },
    });
    try {
      const head = state.head - BigInt(this.o.confirmations ?? 0);
      await queuePayouts({ ...this.o, fundsById: state.fundsById, head });
      if (this.o.adapter) {
        const beneficiaries = this.o.beneficiaries ? readBeneficiaries(this.o.beneficiaries) : undefined;
        const n = await processPayouts({
          store: this.o.store,
          adapter: this.o.adapter,
          fundsById: state.fundsById,
          batch: this.o.payoutBatch,
          ...(beneficiaries ? { beneficiaries } : {}),
          onRefusal: (code, p, detail) => this.#refused(code, `payout ${p.redemptionId}: ${detail}`),
        });
        this.metrics.ordered.inc(n);
      }
      this.#complaints.delete("payouts");
    } catch (e) {
      const code = e instanceof CustodianError ? e.code : "PAYOUT_FAILED";
      this.metrics.refusals.inc({ code });
      this.#fail("payouts", `custodian: payouts: ${(e as Error).message}`);
    }
    this.#gauges();
  }

  /** Imports the inbox's new files in name order; a refused file is logged once and left alone. */
  async #importInbox(dir: string): Promise<void> {
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((n) => /\.(csv|xml)$/i.test(n))
        .sort();
      this.#complaints.delete("inbox");
    } catch (e) {
      this.#fail("inbox", `custodian: the inbox ${dir} cannot be read: ${(e as Error).message}`);
      return;
    }
    for (const name of names) {
      const st = statSync(join(dir, name));
      const seen = `${name}:${st.size}:${st.mtimeMs}`; // a file is read once, unless it changes
      if (this.#seenFiles.has(seen)) continue;
      this.#seenFiles.add(seen);
      try {
        await this.importStatement(readFileSync(join(dir, name)), name);
      } catch (e) {
        this.o.log?.(
          "error",
          `custodian: ${name} refused: ${(e as { code?: string }).code}: ${(e as Error).message}`,
        );
      }
    }
  }

  #gauges(): void {
    const { credits, payouts } = this.status();
    for (const st of ["pending", "attested"]) this.metrics.credits.set({ status: st }, credits[st] ?? 0);
    for (const st of ["queued", "held", "ordered", "confirmed"])
      this.metrics.payouts.set({ status: st }, payouts[st] ?? 0);
    this.metrics.journal.set(this.o.store.head().seq);
  }

  #refused(code: string, detail: string): void {
    this.metrics.refusals.inc({ code });
    this.#once(`${code} ${detail}`, "warn", `custodian: ${code}: ${detail}`);
  }

  #fail(what: string, msg: string): void {
    this.#lastError = msg;
    this.#once(what, "error", msg);
  }

  #once(key: string, level: "warn" | "error", msg: string): void {
    if (this.#complaints.has(key)) return;
    this.#complaints.add(key);
    this.o.log?.(level, msg);
  }
}
