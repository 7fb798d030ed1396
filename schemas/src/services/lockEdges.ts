import type { RequirementMode } from "./candidates.js";
import type { LockedProvider, ServiceLock } from "./lock.js";
import { compareText, serviceKey } from "./serviceRef.js";

/** One resolved requirement of a lock, as an edge from the dependent to its provider. */
export interface LockEdge {
  /** Index of the dependent in `lock.services`. */
  readonly from: number;
  /** Index of the provider in `lock.services`, or -1 when it runs elsewhere (remote). */
  readonly to: number;
  readonly iface: string;
  readonly range: string;
  readonly mode: RequirementMode;
  readonly provider: LockedProvider;
}

/**
 * The dependency graph a lock records: one edge per resolved requirement, in lock order (dependent,
 * then interface name). What a supervisor gates readiness on (`needs` edges, local or remote), what
 * `tet services graph` draws, and what `startOrder` and `stopOrder` sort.
 */
export function lockEdges(lock: ServiceLock): LockEdge[] {
  const index = new Map(lock.services.map((s, i) => [serviceKey(s), i]));
  return lock.services.flatMap((s, from) =>
    Object.keys(s.requires)
      .sort(compareText)
      .flatMap((iface) => {
        const r = s.requires[iface]!;
        if (!r.provider) return [];
        return [
          {
            from,
            to: index.get(serviceKey(r.provider)) ?? -1,
            iface,
            range: r.range,
            mode: r.mode,
            provider: r.provider,
          },
        ];
      }),
  );
}
