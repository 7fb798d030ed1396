import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import type { SignedVoucher } from "@tet/contracts";
import type { SessionTerms } from "./sessionAccount.js";

/** One journal record: a session opened, a voucher accepted, a session settled. */
export type JournalRecord =
  | { t: "open"; terms: SessionTerms }
  | { t: "voucher"; object: string; session: string; signed: SignedVoucher }
  | { t: "settled"; object: string; session: string; ref: string };

const replacer = (_k: string, v: unknown) => (typeof v === "bigint" ? { $n: v.toString() } : v);
const reviver = (_k: string, v: unknown) =>
  v !== null && typeof v === "object" && "$n" in v ? BigInt((v as { $n: string }).$n) : v;

/**
 * The billing's durable memory of what the log does not hold: sessions' channel terms and the
 * vouchers accepted (the provider's claim on the payer's escrow), one JSON line each, fsynced before
 * the voucher is acknowledged. After a restart `BillingService.recover` replays it and re-meters the
 * sessions from the log, so no accepted voucher is lost. A torn last line (crash mid-write) is ignored.
 */
export class VoucherJournal {
  readonly #fd: number;

  constructor(readonly path: string) {
    this.#fd = openSync(path, "a", 0o600);
  }

  /** Appends one record durably (write + fsync). */
  append(r: JournalRecord): void {
    writeSync(this.#fd, `${JSON.stringify(r, replacer)}\n`);
    fsyncSync(this.#fd);
  }

  /** Every complete record in order. */
  static read(path: string): JournalRecord[] {
    if (!existsSync(path)) return [];
    const out: JournalRecord[] = [];
    for (const line of readFileSync(path, "utf8").split("\n")) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line, reviver) as JournalRecord);
      } catch {
        break; // a torn tail
      }
    }
    return out;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
