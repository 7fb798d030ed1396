import type { SettlementRecord } from "./settlementNote.js";

/** One settled session in a provider statement. */
export interface StatementRow {
  object: string;
  session: string;
  settledAt: string;
  channel: string;
  payer: string;
  due: string;
  redeemed: string;
  fee: string;
  paid: string;
  tx: string;
  block: string;
  logIndex: number;
}

/** A provider statement: per object and period, every settlement with its on-chain transaction. */
export interface ProviderStatement {
  v: 1;
  type: "tet-provider-statement";
  payee: string | null;
  period: { from: number; to: number };
  rows: StatementRow[];
  totals: { due: string; redeemed: string; fee: string; paid: string; sessions: number };
}

/**
 * Builds a provider statement (pure) from settlement records of one or more objects: those settled
 * in [from, to), in settlement order, with totals. Amounts are TET base units as decimal strings.
 */
export function providerStatement(
  records: readonly (SettlementRecord & { index: number; object: string })[],
  period: { from: number; to: number },
): ProviderStatement {
  const rows = records
    .filter((r) => r.at >= period.from && r.at < period.to)
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(
      (r): StatementRow => ({
        object: r.object,
        session: r.session,
        settledAt: new Date(r.at).toISOString(),
        channel: r.channel,
        payer: r.payer,
        due: r.due,
        redeemed: r.amount,
        fee: r.fee,
        paid: r.paid,
        tx: r.tx,
        block: r.block,
        logIndex: r.index,
      }),
    );
  const sum = (f: (r: StatementRow) => string) => rows.reduce((t, r) => t + BigInt(f(r)), 0n).toString();
  return {
    v: 1,
    type: "tet-provider-statement",
    payee: records[0]?.payee ?? null,
    period,
    rows,
    totals: {
      due: sum((r) => r.due),
      redeemed: sum((r) => r.redeemed),
      fee: sum((r) => r.fee),
      paid: sum((r) => r.paid),
      sessions: rows.length,
    },
  };
}

const COLUMNS: (keyof StatementRow)[] = [
  "object",
  "session",
  "settledAt",
  "channel",
  "payer",
  "due",
  "redeemed",
  "fee",
  "paid",
  "tx",
  "block",
  "logIndex",
];

/** The statement as CSV (RFC 4180: CRLF, quoted where needed), one row per settlement and a total row. */
export function providerStatementCsv(s: ProviderStatement): string {
  const cell = (v: string | number) => {
    const t = String(v);
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const lines = [COLUMNS.join(",")];
  for (const r of s.rows) lines.push(COLUMNS.map((c) => cell(r[c])).join(","));
  const t = s.totals;
  lines.push(
    ["TOTAL", t.sessions, "", "", "", t.due, t.redeemed, t.fee, t.paid, "", "", ""].map(cell).join(","),
  );
  return `${lines.join("\r\n")}\r\n`;
}
