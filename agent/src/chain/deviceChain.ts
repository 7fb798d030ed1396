import { type DeviceStatement, type Ed25519Signer, sha256, signStatement } from "@tet/schemas/device";

/** The head of a device's hash chain: the last seq signed and the SHA-256 of its bytes. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: Uint8Array;
}

/** The head before the first statement: seq 0, and 32 zero bytes as the `prev` of seq 1. */
export const GENESIS_HEAD: ChainHead = { seq: 0, hash: new Uint8Array(32) };

/** A device statement before it takes its place in the chain: everything but `seq` and `prev`. */
export type DeviceDraft = DeviceStatement extends infer S
  ? S extends DeviceStatement
    ? Omit<S, "seq" | "prev">
    : never
  : never;

/**
 * Signs `draft` as the next link of the device hash chain (schemas README, Statement kinds):
 * `seq` = head.seq + 1 and `prev` = the SHA-256 of the previous statement's bytes (32 zero bytes
 * for seq 1). Returns the signed bytes and the new head. Pure: the caller persists the head.
 */
export function chainNext(
  head: ChainHead,
  draft: DeviceDraft,
  signer: Ed25519Signer,
): { bytes: Uint8Array; head: ChainHead } {
  const seq = head.seq + 1;
  const statement = { ...draft, seq, prev: head.hash } as DeviceStatement;
  const bytes = signStatement(statement, signer);
  return { bytes, head: { seq, hash: sha256(bytes) } };
}
