import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStatement } from "./parseStatement.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const utf8 = (s: string) => new TextEncoder().encode(s);
const code = (bytes: Uint8Array) => {
  try {
    parseStatement(bytes);
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
  return "parsed";
};
const HEADER = "account,booking_date,amount,currency,reference,remittance\n";
const csv = (...rows: string[]) => utf8(HEADER + rows.join("\n"));

describe("CSV statements", () => {
  it("reads the sample export: signed amounts, quoted fields with commas and doubled quotes, extra columns", () => {
    const s = parseStatement(fixture("statement-usd-2026-12-01.csv"));
    expect(s.format).toBe("csv");
    expect(s.entries.map((e) => [e.reference, e.direction, e.amount])).toEqual([
      ["BK20261201-000187", "credit", "1500.00"],
      ["BK20261201-000188", "credit", "250.50"],
      ["BK20261201-000193", "credit", "80.00"],
      ["BK20261201-000201", "debit", "12.50"],
      ["BK20261201-000204", "credit", "99.99"],
    ]);
    expect(s.entries[0]).toMatchObject({
      account: "DE89370400440532013000",
      bookingDate: "2026-12-01",
      currency: "USD",
      counterparty: "Ostrova Coworking, LLC",
      remittance: "TET 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 invoice 2026-118",
    });
    expect(s.entries[4]?.counterparty).toBe('Anna "Annie" Smirnova');
  });

  it("takes semicolons, CRLF line ends and a byte order mark", () => {
    const text = `\uFEFF${HEADER.replaceAll(",", ";").trim()}\r\nAT611904300234573201;2026-12-01;10,00;EUR;R-1;x\r\n`;
    expect(code(utf8(text))).toBe('BAD_AMOUNT: line 2: amount "10,00" is not a positive plain decimal');
    const ok = parseStatement(utf8(text.replace("10,00", "10.00")));
    expect(ok.entries).toMatchObject([{ account: "AT611904300234573201", amount: "10.00", currency: "EUR" }]);
  });

  it.each([
    [csv('A,2026-12-01,1.00,USD,R1,"open'), /^CSV_MALFORMED: line 2: a quoted field is not closed/],
    [csv('A,2026-12-01,1.00,USD,R1,x"y'), /^CSV_MALFORMED: line 2: a quote inside an unquoted field/],
    [csv('A,2026-12-01,1.00,USD,R1,"x"y'), /^CSV_MALFORMED: line 2: text after a closing quote/],
    [csv("A,2026-12-01,1.00,USD,R1"), /^CSV_MALFORMED: line 2: 5 fields, the header has 6/],
    [csv("A,2026-12-01,1.00,USD,,x"), /^CSV_MALFORMED: line 2: empty reference/],
    [
      utf8("account,amount,currency,reference,remittance\nA,1,USD,R,x"),
      /^CSV_HEADER: missing column\(s\) booking_date/,
    ],
    [
      utf8("account,account,booking_date,amount,currency,reference,remittance\n"),
      /^CSV_HEADER: a column is named twice/,
    ],
    [csv("A,2026-12-01,1 500.00,USD,R1,x"), /^BAD_AMOUNT: line 2/],
    [csv("A,2026-12-01,1e3,USD,R1,x"), /^BAD_AMOUNT: line 2/],
    [csv("A,2026-12-01,0.00,USD,R1,x"), /^BAD_AMOUNT: line 2/],
    [csv("A,2026-02-30,1.00,USD,R1,x"), /^BAD_DATE: line 2: date "2026-02-30"/],
    [csv("A,01.12.2026,1.00,USD,R1,x"), /^BAD_DATE: line 2/],
    [csv("A,2026-12-01,1.00,usd,R1,x"), /^BAD_CURRENCY: line 2/],
    [csv("A,2026-12-01,1.00,USD,R1,x", "A,2026-12-01,2.00,USD,R1,y"), /^DUPLICATE_IN_FILE: reference "R1"/],
    [utf8("just some text"), /^STATEMENT_FORMAT/],
    [new Uint8Array([0x61, 0x2c, 0xff, 0x0a]), /^STATEMENT_FORMAT: the file is not UTF-8/],
  ])("refuses malformed CSV with a stable code (%#)", (bytes, expected) => {
    expect(code(bytes)).toMatch(expected);
  });
});

describe("camt.053 statements", () => {
  it("reads the sample statement: booked entries only, batches split per transaction, CDATA and entities", () => {
    const s = parseStatement(fixture("statement-usd-2026-12-01.camt053.xml"));
    expect(s.format).toBe("camt.053");
    expect(s.entries.map((e) => [e.reference, e.direction, e.amount, e.counterparty])).toEqual([
      ["BK20261201-000187", "credit", "1500.00", "Ostrova Coworking, LLC"],
      ["BK20261201-000190-1", "credit", "200.00", "Ivan Petrov & Sons"],
      ["BK20261201-000190-2", "credit", "100.00", "Mila Horvat"],
      ["BK20261201-000201", "debit", "12.50", ""],
    ]);
    expect(s.entries[0]?.remittance).toBe("TET 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 invoice 2026-118");
    expect(s.entries[2]?.remittance).toBe("TET 0x90F79bf6EB2c4f870365E785982E1f101E93b906 <desk rent>");
    expect(new Set(s.entries.map((e) => e.account))).toEqual(new Set(["DE89370400440532013000"]));
  });

  const sample = fixture("statement-usd-2026-12-01.camt053.xml").toString("utf8");
  it.each([
    [sample.replace("</Document>", ""), /^XML_MALFORMED: line \d+: <Document> is not closed/],
    [
      sample.replace("<Ccy>USD</Ccy>", "<Ccy>USD</Cy>"),
      /^XML_MALFORMED: line 14: a closing tag that does not match <Ccy>/,
    ],
    [
      sample.replace('<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE d [<!ENTITY a "aaaa">]>'),
      /^XML_MALFORMED: line 1: a DTD/,
    ],
    [
      sample.replace("Ivan Petrov &amp; Sons", "Ivan &bogus; Sons"),
      /^XML_MALFORMED: .*unknown entity &bogus;/,
    ],
    [
      sample.replace("camt.053.001.08", "camt.054.001.08"),
      /^CAMT_UNSUPPORTED: root Document in urn:.*camt\.054/,
    ],
    [sample.replace('<Amt Ccy="USD">1500.00</Amt>', ""), /^CAMT_FIELD: Stmt 1 Ntry 1: no Amt/],
    [
      sample.replace("<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>", "<Sts>"),
      /^CAMT_FIELD: Stmt 1 Ntry 1: no CdtDbtInd/,
    ],
    [
      sample.replace("<AcctSvcrRef>BK20261201-000190-2</AcctSvcrRef>", ""),
      /^CAMT_FIELD: Stmt 1 Ntry 2 TxDtls 2: no AcctSvcrRef/,
    ],
    [
      sample.replace('<Amt Ccy="USD">1500.00</Amt>', '<Amt Ccy="USD">1,500.00</Amt>'),
      /^BAD_AMOUNT: Stmt 1 Ntry 1/,
    ],
    [
      sample.replace("<Dt>2026-12-01</Dt></BookgDt>", "<Dt>2026-13-01</Dt></BookgDt>"),
      /^BAD_DATE: Stmt 1 Ntry 1/,
    ],
    [sample.replace("BK20261201-000190-2", "BK20261201-000190-1"), /^DUPLICATE_IN_FILE/],
  ])("refuses malformed camt.053 with a stable code (%#)", (xml, expected) => {
    expect(code(utf8(xml))).toMatch(expected);
  });
});
