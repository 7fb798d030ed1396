import { compareBytes } from "../cbor/index.js";
import { objectIdToText } from "../ids/index.js";
import { type Candidate, candidatesFor, type Requirement, requirementsOf } from "./candidates.js";
import { chooseProviders } from "./chooseProviders.js";
import type { ServiceLock } from "./lock.js";
import type { ServiceManifest } from "./manifest.js";
import type { Outcome, ServiceProblem } from "./problem.js";
import { compareRefs } from "./serviceRef.js";

/**
 * Resolves every requirement of a host's services, like npm resolves dependencies, and writes the
 * lock. `local` are the services this host runs (their requirements are resolved and they are
 * ordered); `remote` are services elsewhere that may serve as providers (reachable by address; their
 * own requirements are their host's business). Each requirement goes to another service offering its
 * interface at a version that satisfies its npm range, the best by `compareCandidates` (highest
 * version, then local, then canonical order), except where that would close a cycle of `needs` and
 * `after` requirements (see `chooseProviders`). Refuses, with every problem named: two manifests for
 * one service (SERVICE_DUPLICATE), an interface nobody else offers (SERVICE_MISSING; an `optional`
 * one is then left unresolved), one offered only at versions outside the range (SERVICE_CONFLICT, for
 * optional ones too), and a cycle no choice avoids (SERVICE_CYCLE). Pure and deterministic: the same
 * manifests give the same lock, whatever order they come in. The lock names the remote manifests
 * that were candidates, so that it can be checked from its inputs alone (`verifyLock`).
 *
 * @example
 * const r = resolveServices({ local: [meter, avatar], remote: [clock] });
 * if (r.ok) encodeLock(r.lock); else r.problems.map((p) => p.message);
 */
export function resolveServices(options: {
  local: readonly ServiceManifest[];
  remote?: readonly ServiceManifest[];
}): Outcome<{ lock: ServiceLock }> {
  const local = [...options.local].sort(compareRefs);
  const remote = options.remote ?? [];
  const duplicates = duplicatesOf([...local, ...remote]);
  if (duplicates.length > 0) return { ok: false, problems: duplicates };
  const providers = [
    ...local.map((provider) => ({ provider, local: true })),
    ...remote.map((provider) => ({ provider, local: false })),
  ];
  const reqs = requirementsOf(local);
  const problems: ServiceProblem[] = [];
  const ranked = reqs.map((req) => {
    const { offered, ranked } = candidatesFor(req, providers);
    if (ranked.length === 0 && !(req.mode === "optional" && offered.length === 0))
      problems.push(unmet(req, offered));
    return ranked;
  });
  if (problems.length > 0) return { ok: false, problems };
  const chosen = chooseProviders({ local, reqs, ranked });
  if (!Array.isArray(chosen)) return { ok: false, problems: [chosen] };
  const candidates = new Set(ranked.flat().flatMap((c) => (c.local ? [] : [c.provider.hash])));
  return { ok: true, lock: lockOf(local, reqs, chosen, [...candidates].sort(compareBytes)) };
}

function unmet(req: Requirement, offered: readonly Candidate[]): ServiceProblem {
  const of = req.of ? ` of ${objectIdToText(req.of)}` : "";
  const wants = `${req.dependent.key} ${req.mode} ${req.iface} ${req.range}${of}`;
  if (offered.length === 0)
    return {
      code: "SERVICE_MISSING",
      message: `${wants}: no other service${of} provides ${req.iface}`,
      services: [req.dependent.key],
    };
  const found = offered.map((c) => `${req.iface}@${c.version} from ${c.provider.key}`).join(", ");
  return {
    code: "SERVICE_CONFLICT",
    message: `${wants}: no provider satisfies the range (offered: ${found})`,
    services: [req.dependent.key, ...offered.map((c) => c.provider.key)],
  };
}

function duplicatesOf(all: readonly ServiceManifest[]): ServiceProblem[] {
  const byKey = new Map<string, ServiceManifest>();
  const byAddress = new Map<string, ServiceManifest>();
  const problems: ServiceProblem[] = [];
  for (const m of all) {
    const other = byKey.get(m.key) ?? byAddress.get(m.address);
    if (other) {
      const what =
        other.key === m.key
          ? `two manifests of ${m.key}`
          : `${other.key} and ${m.key} at one address ${m.address}`;
      problems.push({
        code: "SERVICE_DUPLICATE",
        message: `${what} (versions ${other.version} and ${m.version}): give the current one only`,
        services: [other.key, m.key],
      });
    }
    byKey.set(m.key, m);
    byAddress.set(m.address, m);
  }
  return problems;
}

function lockOf(
  local: readonly ServiceManifest[],
  reqs: readonly Requirement[],
  chosen: readonly (Candidate | undefined)[],
  remote: Uint8Array[],
): ServiceLock {
  const services = local.map((m) => ({
    obj: m.obj,
    name: m.name,
    version: m.version,
    address: m.addressBytes,
    manifest: m.hash,
    requires: {} as ServiceLock["services"][number]["requires"],
  }));
  const at = new Map(local.map((m, i) => [m, i]));
  reqs.forEach((req, i) => {
    const c = chosen[i];
    const entry = { range: req.range, mode: req.mode, ...(req.of ? { of: req.of } : {}) };
    const provider = c && {
      obj: c.provider.obj,
      name: c.provider.name,
      version: c.version,
      address: c.provider.addressBytes,
      manifest: c.provider.hash,
    };
    services[at.get(req.dependent)!]!.requires[req.iface] = provider ? { ...entry, provider } : entry;
  });
  return { v: 1, services, remote };
}
