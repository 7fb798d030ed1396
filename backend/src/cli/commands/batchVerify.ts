import { createPublicKey, type KeyObject, verify } from "node:crypto";
import type { SignatureCheck } from "../../api/index.js";

const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * Verifies many Ed25519 signatures on libuv's thread pool (node:crypto's callback form), so `tet
 * verify` uses every core; KeyObjects are cached per key. False for anything that does not verify.
 */
export async function nodeBatchVerify(checks: SignatureCheck[]): Promise<boolean[]> {
  const keys = new Map<string, KeyObject | null>();
  const keyOf = (pk: Uint8Array): KeyObject | null => {
    const id = Buffer.from(pk).toString("latin1");
    let k = keys.get(id);
    if (k === undefined) {
      try {
        k = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pk]), format: "der", type: "spki" });
      } catch {
        k = null;
      }
      keys.set(id, k);
    }
    return k;
  };
  return Promise.all(
    checks.map(
      (c) =>
        new Promise<boolean>((resolve) => {
          const key = c.publicKey.length === 32 ? keyOf(c.publicKey) : null;
          if (key === null || c.signature.length !== 64) return resolve(false);
          verify(null, c.message, key, c.signature, (err, ok) => resolve(!err && ok));
        }),
    ),
  );
}
