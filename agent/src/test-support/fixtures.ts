import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bytesEqual,
  type Ed25519Signer,
  nobleVerifier,
  openStatement,
  type ParsedStatement,
  sha256,
} from "@tet/schemas";
import { nodeSigner } from "@tet/schemas/node";
import type { DeviceDraft } from "../chain/index.js";

/** A fixed device key, so child processes in crash tests sign with the same key. */
export const DEVICE_SEED = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
export const OWNER_SEED = Uint8Array.from({ length: 32 }, (_, i) => 100 + i);
export const LOG_SEED = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
export const OBJECT_ID = Uint8Array.from({ length: 16 }, (_, i) => i * 7);

export const deviceSigner = (): Ed25519Signer => nodeSigner(DEVICE_SEED);

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix = "tet-agent-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A telemetry draft whose reading `n` identifies it. */
export function stateDraft(n: number): DeviceDraft {
  return { v: 1, t: "state", ts: 1_795_000_000_000 + n, obj: OBJECT_ID, readings: { n: { v: n } } };
}

/** A usage draft whose session names it. */
export function usageDraft(n: number): DeviceDraft {
  return {
    v: 1,
    t: "usage",
    ts: 1_795_000_000_000 + n,
    obj: OBJECT_ID,
    session: `s-${n}`,
    phase: "stop",
    unit: "min",
    quantity: n,
  };
}

/**
 * Verifies a run of device statements as the backend would: each signature, seq counting up from
 * `first`, and each `prev` the SHA-256 of the previous statement's bytes (zeros before seq 1).
 * Throws naming the first defect; returns the parsed statements.
 */
export function verifyChain(
  all: readonly Uint8Array[],
  opts: { first?: number; prev?: Uint8Array } = {},
): ParsedStatement[] {
  let seq = (opts.first ?? 1) - 1;
  let prev = opts.prev ?? new Uint8Array(32);
  return all.map((bytes) => {
    const p = openStatement(bytes, { verifier: nobleVerifier });
    const s = p.statement as { seq?: number; prev?: Uint8Array };
    if (s.seq !== seq + 1) throw new Error(`expected seq ${seq + 1}, got ${s.seq}`);
    if (!s.prev || !bytesEqual(s.prev, prev)) throw new Error(`seq ${s.seq}: prev does not match`);
    seq = s.seq;
    prev = sha256(bytes);
    return p;
  });
}
