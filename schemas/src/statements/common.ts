import { bytes, literal, objectId, uint } from "./codec.js";

/** The statement format version this code writes and reads (the chained kinds: `AUTHORITY_VERSION`). */
export const STATEMENT_VERSION = 1;

/**
 * The version of the chained authority kinds (`transfer`, `key`, `relation`, `warranty`) that carry
 * `prev`: version 1 of them is still read (saved data), never accepted as a new statement.
 */
export const AUTHORITY_VERSION = 2;

/** The kinds that form an object's authority chain after its genesis (each names the one before). */
export const CHAINED_KINDS = ["transfer", "key", "relation", "warranty"] as const;

/** Milliseconds since the Unix epoch (UTC), up to the year 10000. */
export const timestamp = uint({ max: 253_402_300_800_000 });

/** A SHA-256 digest or an Ed25519 public key. */
export const bytes32 = bytes({ length: 32 });

/** Fields every statement has: version, kind, time of signing. */
export const base = <const K extends string>(kind: K) => ({
  v: literal(STATEMENT_VERSION),
  t: literal(kind),
  ts: timestamp,
});

/** Fields of every statement about an existing object. */
export const about = <const K extends string>(kind: K) => ({ ...base(kind), obj: objectId });

/**
 * Fields of a chained authority statement (version 2): `prev` is the SHA-256 of the bytes of the
 * object's previous authority statement — its genesis, or the last transfer, key, relation or
 * warranty statement in the log — so that an old one can never apply again (issue 23).
 */
export const chained = <const K extends string>(kind: K) => ({
  ...about(kind),
  v: literal(AUTHORITY_VERSION),
  prev: bytes32,
});

/**
 * Fields of device statements: each device stream is a hash chain. `seq` counts from 1 without
 * gaps; `prev` is the SHA-256 of the previous device statement's bytes (32 zero bytes for seq 1).
 */
export const device = <const K extends string>(kind: K) => ({
  ...about(kind),
  seq: uint({ min: 1 }),
  prev: bytes32,
});

/** Units a usage statement may meter in. */
export const USAGE_UNITS = ["s", "min", "h", "kWh", "Wh", "session", "l", "m3", "count"] as const;
export type UsageUnit = (typeof USAGE_UNITS)[number];
