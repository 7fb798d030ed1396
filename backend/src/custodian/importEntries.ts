import { type Classified, classifyEntry, type FundInfo } from "./classifyEntry.js";
import type { CustodianErrorCode } from "./custodianError.js";
import type { CustodianStore } from "./custodianStore.js";
import type { JournalBody } from "./journalEntry.js";
import type { StatementEntry } from "./statementEntry.js";

/** What an import did: credits recorded, payouts confirmed, lines refused (with codes) or ignored. */
export interface ImportResult {
  repeat: boolean;
  credits: number;
  confirmations: number;
  refused: { reference: string; code: CustodianErrorCode; detail: string }[];
  ignored: number;
}

/**
 * Applies a parsed statement (or one webhook payment) to the store, all or nothing: each new credit
 * becomes a pending attestation, each debit naming a payout confirms it (who confirmed: this
 * custodian's key, in the journal), each line whose attestation reference was used before is refused
 * DUPLICATE_REFERENCE. A file (`sha256` given) already imported changes nothing at all.
 */
export function importEntries(
  store: CustodianStore,
  args: {
    entries: readonly StatementEntry[];
    funds: ReadonlyMap<string, FundInfo>;
    source: string;
    file?: { sha256: string; name: string; format: string };
  },
): Promise<ImportResult> {
  return store.record(() => {
    const result: ImportResult = { repeat: false, credits: 0, confirmations: 0, refused: [], ignored: 0 };
    if (args.file && store.imported(args.file.sha256))
      return { entries: [], apply: () => ({ ...result, repeat: true }) };
    const entries: { kind: string; body: JournalBody }[] = [];
    const writes: (() => void)[] = [];
    const seen = new Set<string>();
    const db = store.db;
    for (const e of args.entries) {
      const c: Classified = classifyEntry(e, args.funds);
      const refuse = (code: CustodianErrorCode, detail: string) =>
        result.refused.push({ reference: e.reference, code, detail });
      if (c.kind === "other") result.ignored++;
      else if (c.kind === "refused") refuse(c.code, c.detail);
      else if (c.kind === "credit") {
        if (seen.has(c.ref) || store.credit(c.ref)) {
          refuse("DUPLICATE_REFERENCE", `${e.reference} was imported before`);
          continue;
        }
        seen.add(c.ref);
        result.credits++;
        const row = {
          ref: c.ref,
          source: args.source,
          account: e.account,
          bankRef: e.reference,
          bookingDate: e.bookingDate,
          fund: c.fund,
          currency: e.currency,
          amount: c.amount.toString(),
          buyer: c.buyer,
        };
        entries.push({ kind: "credit.imported", body: row });
        writes.push(() =>
          db
            .prepare(
              `INSERT INTO credits (ref, source, account, bank_ref, booking_date, fund, currency, amount, buyer, status)
               VALUES (@ref, @source, @account, @bankRef, @bookingDate, @fund, @currency, @amount, @buyer, 'pending')`,
            )
            .run(row),
        );
      } else {
        const p = store.payout(c.redemptionId);
        if (!p || p.fund !== c.fund || BigInt(p.amount) !== c.amount) {
          refuse(
            "PAYOUT_MISMATCH",
            `${e.reference}: no payout ${c.redemptionId} of ${e.amount} ${e.currency}`,
          );
          continue;
        }
        if (p.status === "confirmed" || seen.has(`payout ${p.redemptionId}`)) {
          refuse("DUPLICATE_REFERENCE", `payout ${p.redemptionId} was confirmed before`);
          continue;
        }
        seen.add(`payout ${p.redemptionId}`);
        result.confirmations++;
        const by = store.signer.address;
        entries.push({
          kind: "payout.confirmed",
          body: {
            redemptionId: p.redemptionId,
            bankRef: e.reference,
            bookingDate: e.bookingDate,
            amount: p.amount,
            by,
          },
        });
        writes.push(() =>
          db
            .prepare(
              "UPDATE payouts SET status = 'confirmed', bank_ref = ?, confirmed_by = ? WHERE redemption_id = ?",
            )
            .run(e.reference, by, p.redemptionId),
        );
      }
    }
    if (args.file) {
      const f = args.file;
      const counts = {
        entries: args.entries.length,
        credits: result.credits,
        confirmations: result.confirmations,
      };
      const skipped = result.refused.length + result.ignored;
      entries.push({ kind: "statement.imported", body: { ...f, ...counts, skipped } });
      writes.push(() =>
        db
          .prepare("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .run(
            f.sha256,
            f.name,
            f.format,
            counts.entries,
            counts.credits,
            counts.confirmations,
            skipped,
            new Date().toISOString(),
          ),
      );
    }
    return {
      entries,
      apply: () => {
        for (const w of writes) w();
        return result;
      },
    };
  });
}
