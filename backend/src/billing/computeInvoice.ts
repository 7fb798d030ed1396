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

interface Tariff {
  index: number;
  s: StatementOf<"tariff">;
}
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
  const tariffs: Tariff[] = [];
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

/** The line of one session at the tariff in force at its start, or undefined when none applies. */
function bill(x: Session, tariffs: readonly Tariff[], first: number): InvoiceLine | undefined {
  let best: { t: Tariff; ratio: [bigint, bigint] } | undefined;
  for (const t of tariffs) {
    if (t.index > first || t.s.from > x.from || (t.s.until !== undefined && x.from >= t.s.until)) continue;
    // A per-session tariff bills each session as one unit, whatever the usage unit.
    const ratio: [bigint, bigint] | undefined =
      t.s.unit === "session" ? [0n, 1n] : unitRatio(x.unit, t.s.unit);
    if (ratio && (!best || t.index > best.t.index)) best = { t, ratio };
  }
  if (!best) return undefined;
  const [num, den] = best.ratio;
  const qMicro = num === 0n ? MICRO : (x.micro * num) / den; // shown quantity (floor at 1e-6)
  const price = best.t.s.price;
  // The amount rounds once, on the session total: floor(micro × num × price / (den × 10^6)).
  const amount = num === 0n ? price : (x.micro * num * price) / (den * MICRO);
  return {
    session: x.id,
    ...(x.payer !== undefined ? { payer: x.payer } : {}),
    status: x.closed ? "closed" : "open",
    from: x.from,
    to: x.to,
    unit: best.t.s.unit,
    quantity: microToDecimal(qMicro),
    price: price.toString(),
    payout: `0x${Buffer.from(best.t.s.payout).toString("hex")}`,
    tariff: best.t.index,
    usage: x.usage,
    amount: amount.toString(),
  };
}

/** True when `claimed` is exactly what `computeInvoice` gives (canonical comparison). */
export function sameInvoice(claimed: unknown, recomputed: Invoice): boolean {
  return canonicalInvoice(claimed) === canonicalInvoice(recomputed);
}
