import { hex } from "../hex.js";
import { bytesEqual } from "../ids/index.js";
import type { ServiceLock } from "./lock.js";
import type { ServiceManifest } from "./manifest.js";
import type { Outcome, ServiceProblem } from "./problem.js";
import { resolveServices } from "./resolveServices.js";
import { satisfies } from "./semver.js";
import { serviceKey } from "./serviceRef.js";

/**
 * The `can-i-deploy` check: may `next` — a new manifest of a service, or a first one — take effect
 * on a host whose current services are `local` (and candidates `remote`), given the locks in force
 * (`locks`: this host's and any other host's that may name the service)? Refused when `next` does not
 * chain to the current manifest (`replaces`, SERVICE_INVALID); when any requirement now resolved to
 * the service would not be satisfied by what `next` provides — the interface gone, or its version
 * outside the dependent's range (SERVICE_BREAKS_DEPENDENT, naming dependent, interface, range and both
 * versions); or when the host's services no longer resolve with it (the codes of `resolveServices`).
 * Otherwise gives the lock the host moves to.
 *
 * @example canIDeploy({ local, remote, locks: [current], next: meter2 }) // { ok: false, problems: [{ code: "SERVICE_BREAKS_DEPENDENT", … }] }
 */
export function canIDeploy(options: {
  local: readonly ServiceManifest[];
  remote?: readonly ServiceManifest[];
  locks: readonly ServiceLock[];
  next: ServiceManifest;
}): Outcome<{ lock: ServiceLock }> {
  const { next } = options;
  const remote = options.remote ?? [];
  const current = [...options.local, ...remote].find((m) => m.key === next.key);
  const replaces = next.statement.replaces;
  if (current ? !replaces || !bytesEqual(replaces, current.hash) : replaces !== undefined) {
    const why = current
      ? `the current one is ${current.version} (${hex(current.hash)})`
      : "there is no current one";
    const problem: ServiceProblem = {
      code: "SERVICE_INVALID",
      message: `${next.key} ${next.version} replaces ${replaces ? hex(replaces) : "nothing"}, but ${why}`,
      services: [next.key],
    };
    return { ok: false, problems: [problem] };
  }
  const breaks = options.locks.flatMap((lock) => brokenBy(lock, next));
  if (breaks.length > 0) return { ok: false, problems: breaks };
  const swap = (ms: readonly ServiceManifest[]) => ms.map((m) => (m === current ? next : m));
  return resolveServices({
    local: current ? swap(options.local) : [...options.local, next],
    remote: swap(remote),
  });
}

function brokenBy(lock: ServiceLock, next: ServiceManifest): ServiceProblem[] {
  const problems: ServiceProblem[] = [];
  for (const s of lock.services) {
    const dependent = serviceKey(s);
    if (dependent === next.key) continue;
    for (const [iface, r] of Object.entries(s.requires)) {
      if (!r.provider || serviceKey(r.provider) !== next.key) continue;
      const offered = Object.hasOwn(next.statement.provides, iface)
        ? next.statement.provides[iface]
        : undefined;
      if (offered !== undefined && satisfies(offered, r.range)) continue;
      const now = offered === undefined ? `no longer provides ${iface}` : `provides ${iface}@${offered}`;
      problems.push({
        code: "SERVICE_BREAKS_DEPENDENT",
        message: `${next.key} ${next.version} ${now}, but ${dependent} ${r.mode} ${iface} ${r.range} (now ${iface}@${r.provider.version})`,
        services: [next.key, dependent],
      });
    }
  }
  return problems;
}
