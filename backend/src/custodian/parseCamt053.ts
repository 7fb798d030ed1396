import { CustodianError } from "./custodianError.js";
import { child, children, readXml, type XmlElement } from "./readXml.js";
import {
  checkAmount,
  checkCurrency,
  checkDate,
  checkUniqueReferences,
  type Statement,
  type StatementEntry,
} from "./statementEntry.js";

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}$/;

const text = (el: XmlElement | undefined) => el?.text.trim() ?? "";

function need(el: XmlElement | undefined, where: string, ...path: string[]): string {
  const v = text(child(el, ...path));
  if (v === "") throw new CustodianError("CAMT_FIELD", `${where}: no ${path.join("/")}`);
  return v;
}

/** A party's name in version 02 (`Dbtr/Nm`) or 08 and later (`Dbtr/Pty/Nm`). */
const party = (tx: XmlElement | undefined, role: string) =>
  text(child(tx, "RltdPties", role, "Nm")) || text(child(tx, "RltdPties", role, "Pty", "Nm"));

/**
 * Reads an ISO 20022 camt.053 bank-to-customer statement (versions 001.02 to 001.13): every booked
 * entry (`Sts` BOOK; pending entries are not money yet) of every `Stmt`, one StatementEntry per
 * transaction detail, its reference the bank's `AcctSvcrRef` (of the transaction, else of the entry,
 * else `NtryRef`), its remittance the unstructured `RmtInf/Ustrd` lines. Strict: a missing amount,
 * indicator, date or reference refuses the file (CAMT_FIELD) naming the entry.
 */
export function parseCamt053(xml: string): Statement {
  const doc = readXml(xml);
  if (doc.name !== "Document" || !NAMESPACE.test(doc.attrs.xmlns ?? ""))
    throw new CustodianError("CAMT_UNSUPPORTED", `root ${doc.name} in ${doc.attrs.xmlns ?? "no namespace"}`);
  const stmts = children(child(doc, "BkToCstmrStmt"), "Stmt");
  if (stmts.length === 0) throw new CustodianError("CAMT_UNSUPPORTED", "no BkToCstmrStmt/Stmt");
  const entries: StatementEntry[] = [];
  for (const [s, stmt] of stmts.entries()) {
    const account =
      text(child(stmt, "Acct", "Id", "IBAN")) || need(stmt, `Stmt ${s + 1}`, "Acct", "Id", "Othr", "Id");
    for (const [n, ntry] of children(stmt, "Ntry").entries()) {
      const where = `Stmt ${s + 1} Ntry ${n + 1}`;
      const status = text(child(ntry, "Sts", "Cd")) || need(ntry, where, "Sts");
      if (status !== "BOOK") continue;
      const indicator = need(ntry, where, "CdtDbtInd");
      if (indicator !== "CRDT" && indicator !== "DBIT")
        throw new CustodianError("CAMT_FIELD", `${where}: CdtDbtInd ${indicator}`);
      const date = text(child(ntry, "BookgDt", "Dt")) || need(ntry, where, "BookgDt", "DtTm").slice(0, 10);
      const txs = children(child(ntry, "NtryDtls"), "TxDtls");
      for (const [t, tx] of (txs.length > 0 ? txs : [undefined]).entries()) {
        const at = txs.length > 1 ? `${where} TxDtls ${t + 1}` : where;
        const amt =
          txs.length > 1 ? (child(tx, "AmtDtls", "TxAmt", "Amt") ?? child(tx, "Amt")) : child(ntry, "Amt");
        if (!amt || text(amt) === "") throw new CustodianError("CAMT_FIELD", `${at}: no Amt`);
        const reference =
          text(child(tx, "Refs", "AcctSvcrRef")) ||
          (txs.length > 1 ? "" : text(child(ntry, "AcctSvcrRef")) || text(child(ntry, "NtryRef")));
        if (reference === "") throw new CustodianError("CAMT_FIELD", `${at}: no AcctSvcrRef`);
        entries.push({
          account,
          reference,
          bookingDate: checkDate(date, at),
          direction: indicator === "CRDT" ? "credit" : "debit",
          amount: checkAmount(text(amt), at),
          currency: checkCurrency(amt.attrs.Ccy ?? "", at),
          remittance: children(child(tx, "RmtInf"), "Ustrd")
            .map((u) => text(u))
            .join(" "),
          counterparty: party(tx, indicator === "CRDT" ? "Dbtr" : "Cdtr"),
        });
      }
    }
  }
  checkUniqueReferences(entries);
  return { format: "camt.053", entries };
}
