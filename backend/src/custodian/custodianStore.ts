import Database from "better-sqlite3";
import type { Account, Hex } from "viem";
import { CustodianError } from "./custodianError.js";
import { CUSTODIAN_SCHEMA } from "./custodianSchema.js";
import { entryHash, GENESIS, type JournalBody, type JournalEntry } from "./journalEntry.js";

/** A deposit as imported: attested once M custodians signed and the board took it. */
export interface Credit {
  ref: Hex;
  source: string;
  account: string;
  bankRef: string;
  bookingDate: string;
  fund: Hex;
  currency: string;
  /** Smallest units of the currency, as a decimal string. */
  amount: string;
  buyer: Hex;
  status: "pending" | "attested";
  tx: string | null;
  minted: string | null;
  error: string | null;
}

/** A redemption's payout: queued from its PayoutInstruction, ordered once, confirmed by the bank. */
export interface Payout {
  redemptionId: number;
  holder: Hex;
  fund: Hex;
  currency: string;
  amount: string;
  burned: string;
  beneficiary: Hex;
  payoutRef: Hex;
  tx: Hex;
  block: number;
  status: "queued" | "held" | "ordered" | "confirmed";
  orderRef: string | null;
  bankRef: string | null;
  confirmedBy: string | null;
  error: string | null;
}

/** What a write says in the journal, and the state change made in the same transaction. */
export interface Plan<T> {
  entries: { kind: string; body: JournalBody }[];
  apply(): T;
}

const CREDIT =
  "SELECT ref, source, account, bank_ref AS bankRef, booking_date AS bookingDate, fund, currency, amount, buyer, status, tx, minted, error FROM credits";
const PAYOUT =
  "SELECT redemption_id AS redemptionId, holder, fund, currency, amount, burned, beneficiary, payout_ref AS payoutRef, tx, block, status, order_ref AS orderRef, bank_ref AS bankRef, confirmed_by AS confirmedBy, error FROM payouts";

/**
 * The custodian's durable state in one SQLite file: imports, credits, peers' signatures, the payout
 * queue and the journal. Opened exclusively (one custodian process per data directory). Every change
 * goes through `record`: its journal entries are signed by the custodian key and chained, then the
 * entries and the change are committed in one transaction — so the journal says exactly what the
 * state is, across any crash (a kill before the commit leaves neither).
 */
export class CustodianStore {
  readonly db: Database.Database;
  readonly signer: Account;
  #head: { seq: number; hash: Hex };
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string, signer: Account) {
    if (!signer.signMessage) throw new CustodianError("JOURNAL_BROKEN", `${signer.address} cannot sign`);
    this.signer = signer;
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL"); // a payout recorded survives a power loss, not only a kill
    this.db.pragma("locking_mode = EXCLUSIVE");
    this.db.exec(CUSTODIAN_SCHEMA);
    const last = this.db.prepare("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").get() as
      | { seq: number; hash: Hex }
      | undefined;
    this.#head = last ?? { seq: 0, hash: GENESIS };
  }

  /**
   * Runs `plan` (synchronous reads deciding what to write) after every earlier write, signs its
   * entries, then commits them with `apply()` in one transaction. Returns what `apply` returns.
   */
  record<T>(plan: () => Plan<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      const p = plan();
      const signed: JournalEntry[] = [];
      let { seq, hash: prev } = this.#head;
      for (const e of p.entries) {
        const draft = { seq: ++seq, prev, at: new Date().toISOString(), kind: e.kind, body: e.body };
        const hash = entryHash(draft);
        const signature = await (this.signer.signMessage as NonNullable<Account["signMessage"]>)({
          message: { raw: hash },
        });
        signed.push({ ...draft, hash, signer: this.signer.address, signature });
        prev = hash;
      }
      const insert = this.db.prepare(
        "INSERT INTO journal (seq, prev, at, kind, body, hash, signer, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      );
      const result = this.db.transaction(() => {
        const r = p.apply();
        for (const e of signed)
          insert.run(e.seq, e.prev, e.at, e.kind, JSON.stringify(e.body), e.hash, e.signer, e.signature);
        return r;
      })();
      const last = signed.at(-1);
      if (last) this.#head = { seq: last.seq, hash: last.hash };
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Journal entries after `after`, at most `limit`. */
  journal(after = 0, limit = 10_000): JournalEntry[] {
    const rows = this.db
      .prepare("SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?")
      .all(after, limit) as (Omit<JournalEntry, "body"> & { body: string })[];
    return rows.map((r) => ({ ...r, body: JSON.parse(r.body) as JournalBody }));
  }

  head(): { seq: number; hash: Hex } {
    return this.#head;
  }

  credits(status?: Credit["status"]): Credit[] {
    const sql = `${CREDIT}${status ? " WHERE status = ?" : ""} ORDER BY booking_date, account, bank_ref`;
    return this.db.prepare(sql).all(...(status ? [status] : [])) as Credit[];
  }

  credit(ref: string): Credit | undefined {
    return this.db.prepare(`${CREDIT} WHERE ref = ?`).get(ref) as Credit | undefined;
  }

  payouts(status?: Payout["status"]): Payout[] {
    const sql = `${PAYOUT}${status ? " WHERE status = ?" : ""} ORDER BY redemption_id`;
    return this.db.prepare(sql).all(...(status ? [status] : [])) as Payout[];
  }

  /** How many rows of `table` are in each status. */
  countByStatus(table: "credits" | "payouts"): Record<string, number> {
    const rows = this.db.prepare(`SELECT status, count(*) AS n FROM ${table} GROUP BY status`).all() as {
      status: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** One payout by its redemption id. */
  payout(redemptionId: number): Payout | undefined {
    return this.db.prepare(`${PAYOUT} WHERE redemption_id = ?`).get(redemptionId) as Payout | undefined;
  }

  imported(sha256: string): boolean {
    return this.db.prepare("SELECT 1 FROM imports WHERE sha256 = ?").get(sha256) !== undefined;
  }

  signatures(ref: string): { signer: Hex; signature: Hex }[] {
    return this.db.prepare("SELECT signer, signature FROM signatures WHERE ref = ?").all(ref) as {
      signer: Hex;
      signature: Hex;
    }[];
  }

  cursor(name: string): number | undefined {
    return (
      this.db.prepare("SELECT block FROM cursor WHERE name = ?").get(name) as { block: number } | undefined
    )?.block;
  }

  close(): void {
    this.db.close();
  }
}
