import {
  type Ed25519Verifier,
  isTetError,
  type LogHasher,
  objectIdToText,
  openCheckpoint,
  type ParsedStatement,
  parseStatement,
  rfc9162Hasher,
  sha256,
  sigStructure,
} from "@tet/schemas";
import { BundleAuthority } from "./bundleAuthority.js";
import { type BundleDefect, defect } from "./bundleError.js";
import { decodeBundle } from "./bundleFormat.js";
import { ProofChecker } from "./proofChecker.js";

/** What a verified bundle holds, for a readable summary. */
export interface BundleSummary {
  ok: true;
  object: string;
  origin: string;
  /** The checkpoint's tree size and root (base16). */
  treeSize: number;
  root: string;
  statements: number;
  pruned: number;
  byKind: Record<string, number>;
  owners: string[];
  deviceKeys: number;
  /** Highest device sequence number seen. */
  deviceSeq: number;
  firstTs?: number;
  lastTs?: number;
}

/** A signature to check: what `verifyBatch` receives. */
export interface SignatureCheck {
  signature: Uint8Array;
  message: Uint8Array;
  publicKey: Uint8Array;
}

/** How to verify: the log's public key, an Ed25519 verifier, optionally a faster batch path and hasher. */
export interface VerifyBundleOptions {
  /** The log's Ed25519 public key (32 bytes). */
  logKey: Uint8Array;
  verifier: Ed25519Verifier;
  /** Checks many signatures at once (e.g. on a thread pool); defaults to `verifier` one by one. */
  verifyBatch?: (checks: SignatureCheck[]) => Promise<boolean[]>;
  hasher?: LogHasher;
  /** SHA-256 for the device chain's `prev` links; defaults to noble's (node:crypto's is faster in Node). */
  sha256?: (data: Uint8Array) => Uint8Array;
  /** When given, the checkpoint's origin must be this. */
  origin?: string;
}

const CHUNK = 2048;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const hex = (b: Uint8Array) => {
  let out = "";
  for (const x of b) out += HEX[x];
  return out;
};

/**
 * Verifies an exported bundle offline, trusting nothing but the log key (pure: runs in Node and in
 * browsers). In order, stopping at the first defect with its stable code: the CBOR structure and
 * version; the checkpoint's C2SP signature by the log key; then for every entry in order: strictly
 * increasing log index, the statement's strict decoding and COSE signature (RFC 9052 §4.4), its
 * inclusion proof against the checkpoint's root (RFC 9162 §2.1.3.2), that it is the object's genesis
 * (first) or about the object, the device chain (seq + 1, prev = SHA-256 of the previous device
 * statement) under a bound device key, that the authority statements link (each version 2 transfer,
 * key, relation or warranty names the previous one in `prev`; version 1 ones only before the first
 * linked one) and that transfer, key and relation statements are signed by the owner of that moment. A bad bundle is a value (`ok: false`), never an exception.
 */
export async function verifyBundle(
  bytes: Uint8Array,
  opts: VerifyBundleOptions,
): Promise<BundleSummary | BundleDefect> {
  const b = decodeBundle(bytes);
  if ("error" in b) return defect(b.error, b.detail);
  const origin = b.checkpoint.slice(0, Math.max(0, b.checkpoint.indexOf("\n")));
  let cp: ReturnType<typeof openCheckpoint>;
  try {
    cp = openCheckpoint(b.checkpoint, {
      key: { name: origin, publicKey: opts.logKey },
      verifier: opts.verifier,
      ...(opts.origin === undefined ? {} : { origin: opts.origin }),
    });
  } catch (e) {
    if (isTetError(e, "LOG_BAD_CHECKPOINT_SIGNATURE"))
      return defect("BUNDLE_BAD_CHECKPOINT_SIGNATURE", e.message);
    if (isTetError(e)) return defect("BUNDLE_BAD_CHECKPOINT", e.message);
    throw e;
  }
  const hasher = opts.hasher ?? rfc9162Hasher;
  const proofs = new ProofChecker({ size: cp.size, root: cp.root, hasher });
  const verifyBatch =
    opts.verifyBatch ??
    (async (cs: SignatureCheck[]) =>
      cs.map((c) => opts.verifier.verify(c.signature, c.message, c.publicKey)));
  const st = new BundleAuthority(opts.sha256 ?? sha256);
  const summary: BundleSummary = {
    ok: true,
    object: objectIdToText(b.object),
    origin,
    treeSize: cp.size,
    root: hex(cp.root),
    statements: 0,
    pruned: 0,
    byKind: {},
    owners: [],
    deviceKeys: 0,
    deviceSeq: 0,
  };
  let lastIndex = -1;
  // Signatures of the next chunk are checked (on a thread pool, with `verifyBatch`) while this one's
  // proofs and chain are checked here.
  const prepare = (start: number) => {
    const chunk = b.entries.slice(start, start + CHUNK);
    const parsed: (ParsedStatement | Error | undefined)[] = chunk.map((e) => {
      if (e.statement === undefined) return undefined;
      try {
        return parseStatement(e.statement, { views: true });
      } catch (err) {
        if (isTetError(err)) return err;
        throw err;
      }
    });
    const checks = parsed.filter((p): p is ParsedStatement => p !== undefined && !(p instanceof Error));
    const valid = verifyBatch(
      checks.map((p) => ({
        signature: p.sign1.signature,
        message: sigStructure(p.sign1.protectedBytes, p.sign1.payload), // RFC 9052 §4.4, received bytes
        publicKey: p.signer,
      })),
    ).then((v) => new Map(checks.map((p, i) => [p, v[i] === true])));
    valid.catch(() => undefined); // awaited below; a chunk after a defect is never awaited
    return { start, chunk, parsed, valid };
  };
  let next = b.entries.length > 0 ? prepare(0) : undefined;
  while (next !== undefined) {
    const { start, chunk, parsed, valid } = next;
    next = start + CHUNK < b.entries.length ? prepare(start + CHUNK) : undefined;
    const sigOk = await valid;
    for (let k = 0; k < chunk.length; k++) {
      const e = chunk[k]!;
      const p = parsed[k];
      const at = { entry: start + k, index: e.index };
      if (e.index <= lastIndex) return defect("BUNDLE_ORDER", `index ${e.index} after ${lastIndex}`, at);
      lastIndex = e.index;
      if (p instanceof Error) return defect("BUNDLE_BAD_STATEMENT", p.message, at);
      if (p !== undefined && !sigOk.get(p)) return defect("BUNDLE_BAD_SIGNATURE", `entry ${at.entry}`, at);
      const leaf = e.statement ? hasher.leaf(e.statement) : (e.leaf as Uint8Array);
      const why = proofs.check(e.index, leaf, e.proof);
      if (why !== true) return defect("BUNDLE_BAD_PROOF", `index ${e.index}: ${why}`, at);
      if (p === undefined) {
        if (start + k === 0) return defect("BUNDLE_NO_GENESIS", "the genesis is pruned", at);
        summary.pruned++;
        st.pruned = true;
        continue;
      }
      const bad = st.apply(p, b.object, start + k === 0);
      if (bad) return defect(bad[0], bad[1], at);
      const s = p.statement;
      summary.statements++;
      summary.byKind[s.t] = (summary.byKind[s.t] ?? 0) + 1;
      summary.firstTs ??= s.ts;
      summary.lastTs = s.ts;
    }
  }
  if (b.entries.length === 0) return defect("BUNDLE_NO_GENESIS", "the bundle has no entries");
  summary.owners = st.owners;
  summary.deviceKeys = st.devices.size;
  summary.deviceSeq = st.seq;
  return summary;
}
