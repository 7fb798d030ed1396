import { CustodianError } from "./custodianError.js";
import { parseCamt053 } from "./parseCamt053.js";
import { parseCsvStatement } from "./parseCsvStatement.js";
import type { Statement } from "./statementEntry.js";

/** The largest statement file read (a month of a busy account is far smaller). */
export const MAX_STATEMENT_BYTES = 16 * 1024 * 1024;

/**
 * Reads a bank statement file, camt.053 XML or CSV by its content (XML starts with `<`), strictly:
 * invalid UTF-8, an oversized file or any malformed line refuses the whole file with a stable code, so
 * a statement is imported entirely or not at all.
 */
export function parseStatement(bytes: Uint8Array): Statement {
  if (bytes.byteLength > MAX_STATEMENT_BYTES)
    throw new CustodianError("TOO_LARGE", `a statement is at most ${MAX_STATEMENT_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {
    throw new CustodianError("STATEMENT_FORMAT", "the file is not UTF-8 text", { cause: e });
  }
  const head = text.replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("<")) return parseCamt053(text);
  if (head === "" || !/[,;]/.test(head.slice(0, head.indexOf("\n") >>> 0)))
    throw new CustodianError("STATEMENT_FORMAT", "neither camt.053 XML nor a CSV with a header");
  return parseCsvStatement(text);
}
