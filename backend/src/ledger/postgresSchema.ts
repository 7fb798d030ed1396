/**
 * The PostgreSQL schema of the ledger, the same tables and rules as the SQLite one: history refuses
 * UPDATE, DELETE and TRUNCATE in triggers, except that an entry's payload `bytes` may be set to NULL
 * under a prune rule recorded in the log, and entries must arrive with consecutive indices (checked
 * once per statement on the transition table, so multi-row batches stay cheap).
 */
export const POSTGRES_SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  idx bigint PRIMARY KEY,
  leaf bytea NOT NULL,
  object bytea,
  okey bigint,
  seq bigint,
  kind text NOT NULL,
  ts bigint NOT NULL,
  bytes bytea
);
CREATE INDEX IF NOT EXISTS entries_okey_seq ON entries (okey, seq) WHERE seq IS NOT NULL;
CREATE INDEX IF NOT EXISTS entries_okey_idx ON entries (okey, idx) WHERE okey IS NOT NULL;
CREATE INDEX IF NOT EXISTS entries_okey_authority ON entries (okey, idx) WHERE okey IS NOT NULL AND seq IS NULL;
CREATE TABLE IF NOT EXISTS tree (id bigint PRIMARY KEY, hash bytea NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (
  size bigint PRIMARY KEY,
  root bytea NOT NULL,
  note text NOT NULL,
  issued_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS prune_rules (
  prune_idx bigint NOT NULL,
  kind text NOT NULL,
  before bigint NOT NULL,
  PRIMARY KEY (prune_idx, kind)
);
CREATE TABLE IF NOT EXISTS projections (
  object bytea NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (object, kind, key)
);

CREATE OR REPLACE FUNCTION tet_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END $$;

CREATE OR REPLACE FUNCTION tet_entries_consecutive() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint; n bigint;
BEGIN
  SELECT min(idx), max(idx), count(*) INTO lo, hi, n FROM new_rows;
  IF n > 0 AND (hi - lo + 1 <> n
      OR (lo > 0 AND NOT EXISTS (SELECT 1 FROM entries WHERE idx = lo - 1))
      OR EXISTS (SELECT 1 FROM entries WHERE idx > hi)) THEN
    RAISE EXCEPTION 'ledger is append-only: entries must have consecutive indices';
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION tet_entries_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.bytes IS NULL AND OLD.bytes IS NOT NULL AND NEW.idx = OLD.idx AND NEW.leaf = OLD.leaf
    AND NEW.object IS NOT DISTINCT FROM OLD.object
    AND NEW.okey IS NOT DISTINCT FROM OLD.okey AND NEW.seq IS NOT DISTINCT FROM OLD.seq
    AND NEW.kind = OLD.kind AND NEW.ts = OLD.ts
    AND EXISTS (SELECT 1 FROM prune_rules r WHERE r.kind = OLD.kind AND OLD.ts < r.before AND OLD.idx < r.prune_idx) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'ledger is append-only: UPDATE on entries refused';
END $$;

CREATE OR REPLACE FUNCTION tet_prune_rule_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM entries WHERE idx = NEW.prune_idx AND kind = 'prune') THEN
    RAISE EXCEPTION 'a prune rule must point at a prune entry in the log';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER entries_consecutive AFTER INSERT ON entries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tet_entries_consecutive();
CREATE OR REPLACE TRIGGER entries_no_delete BEFORE DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION tet_refuse();
CREATE OR REPLACE TRIGGER entries_update_only_pruned BEFORE UPDATE ON entries
  FOR EACH ROW EXECUTE FUNCTION tet_entries_update();
CREATE OR REPLACE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
  FOR EACH STATEMENT EXECUTE FUNCTION tet_refuse();
CREATE OR REPLACE TRIGGER tree_append_only BEFORE UPDATE OR DELETE ON tree
  FOR EACH ROW EXECUTE FUNCTION tet_refuse();
CREATE OR REPLACE TRIGGER tree_no_truncate BEFORE TRUNCATE ON tree
  FOR EACH STATEMENT EXECUTE FUNCTION tet_refuse();
CREATE OR REPLACE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
  FOR EACH ROW EXECUTE FUNCTION tet_refuse();
CREATE OR REPLACE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION tet_refuse();
CREATE OR REPLACE TRIGGER prune_rules_entry BEFORE INSERT ON prune_rules
  FOR EACH ROW EXECUTE FUNCTION tet_prune_rule_entry();
CREATE OR REPLACE TRIGGER prune_rules_append_only BEFORE UPDATE OR DELETE ON prune_rules
  FOR EACH ROW EXECUTE FUNCTION tet_refuse();
CREATE OR REPLACE TRIGGER prune_rules_no_truncate BEFORE TRUNCATE ON prune_rules
  FOR EACH STATEMENT EXECUTE FUNCTION tet_refuse();
`;
