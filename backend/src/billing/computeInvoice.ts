import { objectIdToText, type Statement, type StatementOf, type UsageUnit } from "@tet/schemas";
import { canonicalInvoice, type Excluded, type Invoice, type InvoiceLine, ROUNDING_RULE } from "./invoice.js";
import { ProviderAuthority } from "./providerAuthority.js";
import { MICRO, microToDecimal, toMicro, unitRatio } from "./quantity.js";

/** One statement of the object's log: its index, the decoded statement and its signer's key. */
export interface LoggedStatement {
  index: number;
  statement: Statement;
  signer: Uint8Array;
}

/** What to bill: one session, or the sessions that ended in [from, to). */
export type InvoiceScope = { session: string } | { period: { from: number; to: number } };

interface Session {
  id: string;
  unit: UsageUnit;
  payer?: string;
  micro: bigint;
  usage: number[];
  from: number;
  to: number;
  closed: boolean;
}

/**
 * Computes an invoice from an object's signed statements in log order (pure, deterministic): usage
 * counts only when signed by a device key bound at that point, tariffs only when signed by the
 * provider (owner or delegate). Each session is billed at the tariff in force at its start — logged
 * before its first usage statement, `from` ≤ start < `until`, the latest such wins — for a unit its
 * usage converts into. Rounding: see ROUNDING_RULE; amounts are integers in TET base units.
 *
 * @example computeInvoice(object, statements, { period: { from, to } }).total // "4305000000000000000"
 */
export function computeInvoice(
  object: Uint8Array,
  statements: readonly LoggedStatement[],
  scope: InvoiceScope,
  logSize = statements.length === 0 ? 0 : statements[statements.length - 1]!.index + 1,
): Invoice {
  const auth = new ProviderAuthority();
  const tariffs: LoggedTariff[] = [];
  const sessions = new Map<string, Session>();
  const excluded: Excluded[] = [];
  const firstIndex = new Map<string, number>();
  for (const { index, statement: s, signer } of statements) {
    if (s.t === "tariff") {
      if (auth.isProvider(signer)) tariffs.push({ index, s });
      else excluded.push({ index, code: "TARIFF_NOT_BY_PROVIDER" });
    } else if (s.t === "usage") {
      if (!auth.isDevice(signer)) {
        excluded.push({ index, code: "USAGE_NOT_BY_DEVICE", session: s.session });
        continue;
      }
      let x = sessions.get(s.session);
      if (x === undefined || x.unit !== s.unit) {
        if (x !== undefined) {
          excluded.push({ index, code: "INVOICE_MALFORMED", session: s.session }); // unit changed mid-session
          continue;
        }
        x = { id: s.session, unit: s.unit, micro: 0n, usage: [], from: s.ts, to: s.ts, closed: false };
        sessions.set(s.session, x);
        firstIndex.set(s.session, index);
      }
      if (x.closed) {
        excluded.push({ index, code: "UNKNOWN_SESSION", session: s.session }); // usage after stop
        continue;
      }
      x.micro += toMicro(s.quantity);
      x.usage.push(index);
      x.to = s.ts;
      if (s.payer !== undefined) x.payer ??= s.payer;
      if (s.phase === "stop") x.closed = true;
    } else {
      auth.apply(s);
    }
  }
  const lines: InvoiceLine[] = [];
  for (const x of sessions.values()) {
    const inScope =
      "session" in scope
        ? x.id === scope.session
        : x.closed && x.to >= scope.period.from && x.to < scope.period.to;
    if (!inScope) continue;
    const line = bill(x, tariffs, firstIndex.get(x.id)!);
    if (line) lines.push(line);
    else excluded.push({ index: x.usage[0]!, code: "NO_TARIFF", session: x.id });
  }
  excluded.sort((a, b) => a.index - b.index);
  const total = lines.reduce((t, l) => t + BigInt(l.amount), 0n);
  return {
    v: 1,
    type: "tet-invoice",
    object: objectIdToText(object),
    ...("session" in scope ? { session: scope.session } : { period: scope.period }),
    currency: "TET",
    rounding: ROUNDING_RULE,
    lines,
    excluded,
    total: total.toString(),
    logSize,
  };
}

/** A provider-signed tariff with its log index. */
export interface LoggedTariff {
  index: number;
  s: StatementOf<"tariff">;
}

/**
 * The tariff in force for a session that started at `ts` with its first usage at log index `first`
 * in `unit`: logged before that usage, `from` ≤ ts < `until`, a unit the usage converts into (or
 * `session`); the latest such. Returns it with the unit ratio, or undefined.
 */
export function pickTariff(
  tariffs: readonly LoggedTariff[],
  unit: UsageUnit,
  ts: number,
  first: number,
): { t: LoggedTariff; ratio: [bigint, bigint] } | undefined {
  let best: { t: LoggedTariff; ratio: [bigint, bigint] } | undefined;
  for (const t of tariffs) {
    if (t.index > first || t.s.from > ts || (t.s.until !== undefined && ts >= t.s.until)) continue;
    // A per-session tariff bills each session as one unit, whatever the usage unit.
    const ratio: [bigint, bigint] | undefined = t.s.unit === "session" ? [0n, 1n] : unitRatio(unit, t.s.unit);
    if (ratio && (!best || t.index > best.t.index)) best = { t, ratio };
  }
  return best;
}

/** The amount of `micro` usage micro-units at a picked tariff: floor(micro × num × price / (den × 10^6)). */
export function lineAmount(micro: bigint, picked: { t: LoggedTariff; ratio: [bigint, bigint] }): bigint {
  const [num, den] = picked.ratio;
  const price = picked.t.s.price;
  return num === 0n ? price : (micro * num * price) / (den * MICRO);
}

/** The line of one session at the tariff in force at its start, or undefined when none applies. */
function bill(x: Session, tariffs: readonly LoggedTariff[], first: number): InvoiceLine | undefined {
  const best = pickTariff(tariffs, x.unit, x.from, first);
  if (!best) return undefined;
  const [num, den] = best.ratio;
  const qMicro = num === 0n ? MICRO : (x.micro * num) / den; // shown quantity (floor at 1e-6)
  return {
    session: x.id,
    ...(x.payer !== undefined ? { payer: x.payer } : {}),
    status: x.closed ? "closed" : "open",
    from: x.from,
    to: x.to,
    unit: best.t.s.unit,
    quantity: microToDecimal(qMicro),
    price: best.t.s.price.toString(),
    payout: `0x${Buffer.from(best.t.s.payout).toString("hex")}`,
    tariff: best.t.index,
    usage: x.usage,
    amount: lineAmount(x.micro, best).toString(), // rounds once, on the session total
  };
}

/** True when `claimed` is exactly what `computeInvoice` gives (canonical comparison). */
export function sameInvoice(claimed: unknown, recomputed: Invoice): boolean {
  return canonicalInvoice(claimed) === canonicalInvoice(recomputed);
}
