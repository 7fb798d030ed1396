import { CustodianError } from "./custodianError.js";
import {
  checkAmount,
  checkCurrency,
  checkDate,
  checkUniqueReferences,
  type Statement,
  type StatementEntry,
} from "./statementEntry.js";

/** The columns a CSV statement must have (any order, case-insensitive; others are ignored). */
export const CSV_COLUMNS = [
  "account",
  "booking_date",
  "amount",
  "currency",
  "reference",
  "remittance",
] as const;

/**
 * Splits RFC 4180 text into rows of fields, strictly: a quote only opens a field or doubles inside a
 * quoted one (RFC 4180 §2.5–2.7), a closing quote is followed by the delimiter or a line end, every
 * quote is closed. CRLF or LF line ends; a final line end is optional; empty lines are skipped.
 */
export function splitCsv(text: string, delimiter: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false; // the current field was quoted (so an empty one still counts)
  let line = 1;
  let rowLine = 1;
  const bad = (why: string) => new CustodianError("CSV_MALFORMED", `line ${line}: ${why}`);
  const endField = () => {
    fields.push(field);
    field = "";
    quoted = false;
  };
  const endRow = () => {
    const empty = fields.length === 0 && field === "" && !quoted;
    endField();
    if (!empty) rows.push({ line: rowLine, fields });
    fields = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') {
      if (field !== "" || quoted) throw bad("a quote inside an unquoted field");
      quoted = true;
      for (i++; ; i++) {
        if (i >= text.length) throw bad("a quoted field is not closed");
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"'; // RFC 4180 §2.7
          i++;
        } else if (text[i] === '"') break;
        else {
          if (text[i] === "\n") line++;
          field += text[i];
        }
      }
      const next = text[i + 1];
      if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r")
        throw bad("text after a closing quote");
    } else if (ch === delimiter) endField();
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] !== "\n") throw bad("a CR without LF");
      if (ch === "\r") i++;
      endRow();
      line++;
      rowLine = line;
    } else if (quoted) throw bad("text after a closing quote");
    else field += ch;
  }
  if (field !== "" || quoted || fields.length > 0) endRow();
  return rows;
}

/**
 * Reads a bank statement exported as CSV: a header row naming at least CSV_COLUMNS (comma- or
 * semicolon-separated, detected from the header), then one booking per row with a signed amount
 * (negative: a debit). Strict: a malformed row refuses the whole file with a stable code and its line.
 *
 * @example
 * parseCsvStatement("account,booking_date,amount,currency,reference,remittance\nDE89…,2026-12-01,150.00,USD,BK-1,TET 0xab…\n")
 */
export function parseCsvStatement(text: string): Statement {
  const body = text.replace(/^\uFEFF/, "");
  const first = body.slice(0, body.indexOf("\n") >>> 0);
  const delimiter = first.includes(";") && !first.includes(",") ? ";" : ",";
  const [header, ...rows] = splitCsv(body, delimiter);
  if (!header) throw new CustodianError("CSV_HEADER", "the file is empty");
  const names = header.fields.map((f) => f.trim().toLowerCase());
  if (new Set(names).size !== names.length) throw new CustodianError("CSV_HEADER", "a column is named twice");
  const col: Record<string, number> = {};
  for (const c of [...CSV_COLUMNS, "counterparty"]) col[c] = names.indexOf(c);
  const missing = CSV_COLUMNS.filter((c) => (col[c] ?? -1) < 0);
  if (missing.length > 0) throw new CustodianError("CSV_HEADER", `missing column(s) ${missing.join(", ")}`);
  const entries: StatementEntry[] = rows.map(({ line, fields }) => {
    if (fields.length !== names.length)
      throw new CustodianError(
        "CSV_MALFORMED",
        `line ${line}: ${fields.length} fields, the header has ${names.length}`,
      );
    const get = (c: string) => (fields[col[c] ?? -1] ?? "").trim();
    const where = `line ${line}`;
    const signed = get("amount");
    const debit = signed.startsWith("-");
    const reference = get("reference");
    const account = get("account");
    if (reference === "" || account === "")
      throw new CustodianError(
        "CSV_MALFORMED",
        `${where}: empty ${reference === "" ? "reference" : "account"}`,
      );
    return {
      account,
      reference,
      bookingDate: checkDate(get("booking_date"), where),
      direction: debit ? "debit" : "credit",
      amount: checkAmount(debit || signed.startsWith("+") ? signed.slice(1) : signed, where),
      currency: checkCurrency(get("currency"), where),
      remittance: get("remittance"),
      counterparty: get("counterparty"),
    };
  });
  checkUniqueReferences(entries);
  return { format: "csv", entries };
}
