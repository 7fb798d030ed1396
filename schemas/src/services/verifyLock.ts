import { type CborValue, encode } from "../cbor/index.js";
import type { Ed25519Verifier } from "../crypto/index.js";
import { hex } from "../hex.js";
import { bytesEqual, ipv6ToText } from "../ids/index.js";
import { decodeLock, encodeLock, type LockedService, type ServiceLock } from "./lock.js";
import { openManifest, type ServiceManifest } from "./manifest.js";
import { resolveServices } from "./resolveServices.js";
import { serviceKey } from "./serviceRef.js";

/** Whether a lock holds; when not, LOCK_MISMATCH and what differs. */
export type LockCheck =
  | { readonly ok: true; readonly lock: ServiceLock }
  | { readonly ok: false; readonly code: "LOCK_MISMATCH"; readonly message: string };

/**
 * Checks a lock against the manifests' signed bytes, trusting no one who computed it: decodes the
 * lock strictly (throws LOCK_INVALID), opens every manifest (signature and schema; throws on a
 * defect), then `lockHolds`. Extra manifests are ignored, so a caller may pass every service
 * statement of the objects concerned. Whether each manifest's signer was the owner at that point of
 * the log, and whether it is still the service's current manifest, is for the ledger or a bundle
 * verifier to say (ARCHITECTURE.md, Identity and signatures).
 */
export function verifyLock(options: {
  lock: Uint8Array;
  manifests: readonly Uint8Array[];
  verifier: Ed25519Verifier;
}): LockCheck {
  const lock = decodeLock(options.lock);
  const manifests = options.manifests.map((b) => openManifest(b, { verifier: options.verifier }));
  const check = lockHolds({ lock, manifests });
  if (check.ok && !bytesEqual(encodeLock(lock), options.lock))
    return { ok: false, code: "LOCK_MISMATCH", message: "the lock's bytes are not its canonical encoding" };
  return check;
}

/**
 * Whether `lock` is exactly what `resolveServices` gives for the manifests it names: the host's
 * services are those of `lock.services`, the remote candidates those of `lock.remote` (by manifest
 * hash). Resolution is deterministic and ignores remote manifests that satisfy no requirement, so an
 * honest lock always holds; a lock with any provider, version, address, hash, range, mode, service or
 * candidate changed, added or dropped does not. What it cannot say is which remote services the host
 * was configured to consider: the lock states it, for anyone to see.
 */
export function lockHolds(options: { lock: ServiceLock; manifests: readonly ServiceManifest[] }): LockCheck {
  const { lock } = options;
  const byHash = new Map(options.manifests.map((m) => [hex(m.hash), m]));
  const local: ServiceManifest[] = [];
  for (const s of lock.services) {
    const m = byHash.get(hex(s.manifest));
    if (!m || m.key !== serviceKey(s))
      return mismatch(`${serviceKey(s)}: its manifest ${hex(s.manifest)} is not among those given`);
    local.push(m);
  }
  const remote: ServiceManifest[] = [];
  for (const h of lock.remote) {
    const m = byHash.get(hex(h));
    if (!m) return mismatch(`remote candidate ${hex(h)}: its manifest is not among those given`);
    remote.push(m);
  }
  const resolved = resolveServices({ local, remote });
  if (!resolved.ok)
    return mismatch(`the manifests do not resolve: ${resolved.problems.map((p) => p.message).join("; ")}`);
  if (bytesEqual(encodeLock(lock), encodeLock(resolved.lock))) return { ok: true, lock };
  const difference = firstDifference(lock, resolved.lock) ?? "the lock's encoding differs";
  return mismatch(difference);
}

function firstDifference(given: ServiceLock, expected: ServiceLock): string | undefined {
  if (given.services.length !== expected.services.length)
    return "the lock lists other services than its manifests";
  if (
    given.remote.length !== expected.remote.length ||
    given.remote.some((h, i) => !bytesEqual(h, expected.remote[i]!))
  )
    return "the lock's remote candidates are not those that satisfy a requirement";
  for (const [i, e] of expected.services.entries()) {
    const g = given.services[i]!;
    if (bytesEqual(entryBytes(g), entryBytes(e))) continue;
    for (const iface of new Set([...Object.keys(g.requires), ...Object.keys(e.requires)])) {
      const [a, b] = [g.requires[iface], e.requires[iface]];
      if (!bytesEqual(encode((a ?? null) as CborValue), encode((b ?? null) as CborValue)))
        return `${serviceKey(e)} requires ${iface}: the lock says ${describe(a)}, the manifests resolve to ${describe(b)}`;
    }
    return `${serviceKey(e)}: the lock's entry differs from its manifest (name, version or address)`;
  }
  return undefined;
}

function describe(r: LockedService["requires"][string] | undefined): string {
  if (!r) return "no such requirement";
  const p = r.provider;
  const to = p
    ? `${serviceKey(p)} ${p.version} at ${ipv6ToText(p.address)} (manifest ${hex(p.manifest).slice(0, 16)}…)`
    : "nothing";
  return `${r.mode} ${r.range} → ${to}`;
}

function entryBytes(s: LockedService): Uint8Array {
  return encodeLock({ v: 1, services: [s], remote: [] });
}

function mismatch(message: string): LockCheck {
  return { ok: false, code: "LOCK_MISMATCH", message };
}
