import { hex } from "../hex.js";
import { bytesEqual } from "../ids/index.js";
import type { ServiceManifest } from "./manifest.js";
import type { ServiceProblem } from "./problem.js";

/**
 * The current manifest of each service, from `service` statements in log order: a service's first
 * manifest names nothing in `replaces`, each later one names the SHA-256 of the one it replaces,
 * which must be the current one. A manifest that breaks the chain (an old one signed again, a fork,
 * a first one claiming a predecessor) changes nothing and is reported (SERVICE_INVALID) — the rule
 * the ledger is to enforce on append, and a bundle verifier checks on what the log holds.
 */
export function currentManifests(inLogOrder: readonly ServiceManifest[]): {
  current: ServiceManifest[];
  problems: ServiceProblem[];
} {
  const current = new Map<string, ServiceManifest>();
  const problems: ServiceProblem[] = [];
  for (const m of inLogOrder) {
    const head = current.get(m.key);
    const replaces = m.statement.replaces;
    const follows = head ? replaces !== undefined && bytesEqual(replaces, head.hash) : replaces === undefined;
    if (follows) current.set(m.key, m);
    else
      problems.push({
        code: "SERVICE_INVALID",
        message: `${m.key} ${m.version} (${hex(m.hash)}) replaces ${replaces ? hex(replaces) : "nothing"}, but the current manifest is ${head ? `${head.version} (${hex(head.hash)})` : "none"}`,
        services: [m.key],
      });
  }
  return { current: [...current.values()], problems };
}
