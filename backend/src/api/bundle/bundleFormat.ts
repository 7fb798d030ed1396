import { type CborValue, decodeStrict, encode, isTetError } from "@tet/schemas";

/** The bundle format version this code writes and reads. */
export const BUNDLE_VERSION = 1;
/** The `type` field: tells a bundle from other CBOR at a glance. */
export const BUNDLE_TYPE = "tet-bundle";

/** One log entry in a bundle: its index, its statement bytes (or only its leaf hash if pruned), its proof. */
export interface BundleEntry {
  index: number;
  /** The exact COSE_Sign1 bytes as logged; absent for an entry whose payload was pruned. */
  statement?: Uint8Array;
  /** The RFC 9162 leaf hash; present only for pruned entries (otherwise it is computed from `statement`). */
  leaf?: Uint8Array;
  /** The inclusion proof of `index` in the checkpoint's tree (RFC 9162 §2.1.3). */
  proof: Uint8Array[];
}

/** An exported object: every statement of it, their inclusion proofs and the signed checkpoint they prove into. */
export interface Bundle {
  v: number;
  object: Uint8Array;
  /** The C2SP signed note (tlog-checkpoint) of the tree the proofs are for. */
  checkpoint: string;
  entries: BundleEntry[];
}

/**
 * Encodes a bundle as deterministic CBOR (RFC 8949 §4.2.1):
 * `{ v: 1, type: "tet-bundle", object: bstr .size 16, checkpoint: tstr,
 *    entries: [* { index: uint, ? statement: bstr, ? leaf: bstr .size 32, proof: [* bstr .size 32] }] }`.
 */
export function encodeBundle(b: Bundle): Uint8Array {
  return encode({
    v: b.v,
    type: BUNDLE_TYPE,
    object: b.object,
    checkpoint: b.checkpoint,
    entries: b.entries.map((e) => ({ index: e.index, statement: e.statement, leaf: e.leaf, proof: e.proof })),
  });
}

const isBytes = (v: unknown, size?: number): v is Uint8Array =>
  v instanceof Uint8Array && (size === undefined || v.length === size);

/**
 * Decodes a bundle strictly (deterministic CBOR, exact field set and types). Returns the bundle, or
 * the reason it is not one: `{ error: "BUNDLE_MALFORMED" | "BUNDLE_BAD_VERSION", detail }`.
 */
export function decodeBundle(
  bytes: Uint8Array,
): Bundle | { error: "BUNDLE_MALFORMED" | "BUNDLE_BAD_VERSION"; detail: string } {
  let root: CborValue;
  try {
    // Views, not copies: the bundle's bytes outlive its verification, and 100,000 statements copied
    // one by one were most of tet verify's garbage.
    root = decodeStrict(bytes, { maxBytes: 2 ** 31, maxDepth: 8, tags: [], views: true });
  } catch (e) {
    if (isTetError(e)) return { error: "BUNDLE_MALFORMED", detail: e.message };
    throw e;
  }
  const bad = (detail: string) => ({ error: "BUNDLE_MALFORMED" as const, detail });
  if (!(root instanceof Map)) return bad("not a map");
  if (root.get("type") !== BUNDLE_TYPE) return bad(`type is not ${BUNDLE_TYPE}`);
  if (root.get("v") !== BUNDLE_VERSION)
    return { error: "BUNDLE_BAD_VERSION", detail: `v = ${String(root.get("v"))}` };
  const object = root.get("object");
  const checkpoint = root.get("checkpoint");
  const entries = root.get("entries");
  if (root.size !== 5) return bad("unknown fields");
  if (!isBytes(object, 16)) return bad("object is not 16 bytes");
  if (typeof checkpoint !== "string") return bad("checkpoint is not text");
  if (!Array.isArray(entries)) return bad("entries is not an array");
  const out: BundleEntry[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!(e instanceof Map)) return bad(`entry ${i} is not a map`);
    const index = e.get("index");
    const statement = e.get("statement");
    const leaf = e.get("leaf");
    const proof = e.get("proof");
    if (typeof index !== "number" || !Number.isSafeInteger(index) || index < 0)
      return bad(`entry ${i}: index`);
    if (!Array.isArray(proof) || !proof.every((h) => isBytes(h, 32))) return bad(`entry ${i}: proof`);
    if ((statement === undefined) === (leaf === undefined))
      return bad(`entry ${i}: exactly one of statement and leaf`);
    if (statement !== undefined && !isBytes(statement)) return bad(`entry ${i}: statement is not bytes`);
    if (leaf !== undefined && !isBytes(leaf, 32)) return bad(`entry ${i}: leaf is not 32 bytes`);
    if (e.size !== 3) return bad(`entry ${i}: unknown fields`);
    out.push({
      index,
      proof: proof as Uint8Array[],
      ...(statement ? { statement } : { leaf: leaf as Uint8Array }),
    });
  }
  return { v: BUNDLE_VERSION, object, checkpoint, entries: out };
}
