/**
 * The custodian's SQLite schema (its data directory's `custodian.db`). The journal is append-only,
 * enforced by triggers; state tables (credits, payouts) change only in the same transaction as the
 * journal entry that says so.
 */
export const CUSTODIAN_SCHEMA = `
CREATE TABLE IF NOT EXISTS imports (
  sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, format TEXT NOT NULL, entries INTEGER NOT NULL,
  credits INTEGER NOT NULL, confirmations INTEGER NOT NULL, skipped INTEGER NOT NULL, at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS credits (
  ref TEXT PRIMARY KEY, source TEXT NOT NULL, account TEXT NOT NULL, bank_ref TEXT NOT NULL,
  booking_date TEXT NOT NULL, fund TEXT NOT NULL, currency TEXT NOT NULL, amount TEXT NOT NULL,
  buyer TEXT NOT NULL, status TEXT NOT NULL, tx TEXT, minted TEXT, error TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS signatures (
  ref TEXT NOT NULL, signer TEXT NOT NULL, signature TEXT NOT NULL, PRIMARY KEY (ref, signer)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS payouts (
  redemption_id INTEGER PRIMARY KEY, holder TEXT NOT NULL, fund TEXT NOT NULL, currency TEXT NOT NULL,
  amount TEXT NOT NULL, burned TEXT NOT NULL, beneficiary TEXT NOT NULL, payout_ref TEXT NOT NULL,
  tx TEXT NOT NULL, block INTEGER NOT NULL, status TEXT NOT NULL, order_ref TEXT, bank_ref TEXT,
  confirmed_by TEXT, error TEXT
);
CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY, prev TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE, signer TEXT NOT NULL, signature TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS journal_no_update BEFORE UPDATE ON journal
  BEGIN SELECT RAISE(ABORT, 'the custodian journal is append-only'); END;
CREATE TRIGGER IF NOT EXISTS journal_no_delete BEFORE DELETE ON journal
  BEGIN SELECT RAISE(ABORT, 'the custodian journal is append-only'); END;
CREATE TABLE IF NOT EXISTS cursor (name TEXT PRIMARY KEY, block INTEGER NOT NULL) WITHOUT ROWID;
`;
