import type { NodeKey, TreeNode } from "@tet/schemas";

/** What the log keeps about every statement, even after its payload bytes are pruned. */
export interface EntryMeta {
  /** The 16-byte object id; null for statements about no object (prune records). */
  object: Uint8Array | null;
  /** The device sequence number; null for statements outside a device chain. */
  seq: number | null;
  /** The statement kind (payload `t`). */
  kind: string;
  /** The statement's own timestamp, ms since the epoch. */
  ts: number;
}

/** One log entry as stored. `bytes` is null once the retention collector pruned it. */
export interface StoredEntry extends EntryMeta {
  index: number;
  leafHash: Uint8Array;
  bytes: Uint8Array | null;
}

/** A signed checkpoint as stored: the C2SP signed note plus its size and root for lookups. */
export interface StoredCheckpoint {
  size: number;
  root: Uint8Array;
  note: string;
  issuedAt: number;
}

/** One row of a projection, partitioned by object so that one read loads an object's whole view. */
export interface ProjectionRow {
  object: Uint8Array;
  kind: string;
  key: string;
  /** JSON text; null deletes the row. */
  value: string | null;
}

/** Payloads of `kind` older than `before` and below `pruneIndex` may be dropped (see `dropPayloads`). */
export interface PruneRule {
  pruneIndex: number;
  kind: string;
  before: number;
}

/** Everything one group commit writes, in one transaction. */
export interface AppendBatch {
  /** Consecutive entries starting at the current size. */
  entries: (EntryMeta & { index: number; leafHash: Uint8Array; bytes: Uint8Array })[];
  /** Complete subtrees of level ≥ STORED_MIN_LEVEL that these entries completed (leaves live in `entries`). */
  nodes: TreeNode[];
  projections: ProjectionRow[];
  pruneRules: PruneRule[];
  checkpoint: StoredCheckpoint | undefined;
}

/**
 * The ledger's storage: append and read, nothing else. History tables (entries, tree nodes,
 * checkpoints, prune rules) refuse UPDATE and DELETE in the schema itself; payload rows can only be
 * deleted under a prune rule recorded in the log; projections are derived and may be replaced.
 * Implemented by `SqliteStore` and `PostgresStore`, which pass one shared test suite.
 */
export interface LedgerStore {
  /** "sqlite" or "postgres", for tables and logs. */
  readonly kind: string;
  /** Number of entries (the next index). */
  size(): Promise<number>;
  /** Commits a batch durably; resolves only once it is on disk. */
  append(batch: AppendBatch): Promise<void>;
  /**
   * True when `append` calls are applied strictly in call order (one writer queue), so the `Ledger`
   * may hand a batch over before the previous one has committed. If a batch fails, the next cannot
   * commit either: its first index no longer follows the table's last one (consecutive-index rule).
   */
  readonly ordered?: boolean;
  /**
   * An ordered store may take a batch in parts: `stage` writes a part into the batch's open
   * transaction, the `append` of the last part commits it all; if a part fails, that `append` fails
   * and nothing of the batch is committed. Lets the store insert while the `Ledger` still hashes.
   */
  readonly stage?: ((part: AppendBatch) => void) | undefined;
  entry(index: number): Promise<StoredEntry | undefined>;
  /** Entries [from, from + limit) in log order. */
  entries(from: number, limit: number): Promise<StoredEntry[]>;
  /** An object's entries in log order, after `afterIndex` (exclusive), at most `limit`. */
  entriesByObject(object: Uint8Array, page: { afterIndex?: number; limit: number }): Promise<StoredEntry[]>;
  /**
   * An object's entries outside its device chain (`seq` null: genesis, owner, issuer and provider
   * statements) in log order, after `afterIndex`, at most `limit`: what its authority is derived from.
   */
  authorityEntries(object: Uint8Array, page: { afterIndex?: number; limit: number }): Promise<StoredEntry[]>;
  /** The newest device entry of `object` (its device chain head), if it has any. */
  lastDeviceEntry(object: Uint8Array): Promise<StoredEntry | undefined>;
  /** The device entry of `object` with this `seq`; a device chain's seq grows with the log index. */
  entryBySeq(object: Uint8Array, seq: number): Promise<StoredEntry | undefined>;
  /** Hashes of complete subtrees (level 0 = leaf hashes), in the order asked; throws if one is missing. */
  subtrees(keys: readonly NodeKey[]): Promise<Uint8Array[]>;
  checkpoints(): Promise<StoredCheckpoint[]>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** Every projection row of one object. */
  projections(object: Uint8Array): Promise<ProjectionRow[]>;
  /**
   * All projection rows ordered by (object, kind, key), a page at a time; only rows of `kind` when
   * given (the object index reads the `object` rows, not every object's history projections).
   */
  allProjections(page: { after?: ProjectionRow; limit: number; kind?: string }): Promise<ProjectionRow[]>;
  /** Drops every projection row and writes `rows` instead, in one transaction (rebuild). */
  replaceProjections(rows: readonly ProjectionRow[]): Promise<void>;
  /**
   * Entries whose payload is still present, of one of `kinds`, older than `before`, below
   * `belowIndex`, and not the newest entry of their kind for their object: what a collector may drop.
   */
  prunable(q: {
    kinds: readonly string[];
    before: number;
    belowIndex: number;
  }): Promise<{ index: number; bytes: number }[]>;
  /** Sets these entries' payloads to NULL; the schema refuses any not covered by a recorded prune rule. */
  dropPayloads(indices: readonly number[]): Promise<void>;
  /** Bytes the store occupies on disk (files or relations, indexes included). */
  diskBytes(): Promise<number>;
  close(): Promise<void>;
}

/** The integer index key of an object: the first 48 bits of its id (exact as a JS number). */
export function objectKey(o: Uint8Array): number {
  // Big-endian, as Buffer#readUIntBE(0, 6), without a Buffer per call (it runs once per append).
  return (
    ((o[0] as number) * 256 + (o[1] as number)) * 2 ** 32 +
    ((o[2] as number) * 2 ** 24 + (((o[3] as number) << 16) | ((o[4] as number) << 8) | (o[5] as number)))
  );
}

/** Stored tree nodes are keyed by one integer: level · 2^47 + index (exact below 2^53). */
export const NODE_LEVEL_FACTOR = 2 ** 47;

/** The integer key of a tree node of level ≥ 1. */
export function nodeId(key: NodeKey): number {
  return key.level * NODE_LEVEL_FACTOR + key.index;
}

/**
 * Tree nodes are stored from this level up (one row per 16 leaves); a lower subtree is folded from
 * at most 8 leaf hashes read in one range, which costs less than a B-tree row per node on append.
 */
export const STORED_MIN_LEVEL = 4;

/** The leaf range [from, to) a subtree of level < STORED_MIN_LEVEL is folded from. */
export function leafRange(key: NodeKey): [number, number] {
  const width = 2 ** key.level;
  return [key.index * width, (key.index + 1) * width];
}
