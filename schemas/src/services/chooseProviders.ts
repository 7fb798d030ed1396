import type { Candidate, Requirement } from "./candidates.js";
import type { ServiceManifest } from "./manifest.js";
import { type OrderingGroup, peel } from "./orderingGraph.js";
import type { ServiceProblem } from "./problem.js";

/**
 * Picks one provider per requirement (undefined: an optional one that nobody offers). The choice is
 * the lexicographically best among those without a cycle of `needs` and `after` requirements:
 * requirements are decided in order, each taking its best-ranked candidate that still leaves an
 * acyclic completion (checked by `peel`). Without cycles that is simply each requirement's best
 * candidate. `ranked[i]` are requirement i's satisfying candidates, best first, never empty for a
 * hard requirement. Returns a SERVICE_CYCLE problem naming a cycle when no acyclic choice exists.
 */
export function chooseProviders(options: {
  local: readonly ServiceManifest[];
  reqs: readonly Requirement[];
  ranked: readonly (readonly Candidate[])[];
}): (Candidate | undefined)[] | ServiceProblem {
  const { local, reqs, ranked } = options;
  const index = new Map(local.map((m, i) => [m, i]));
  const nodeOf = (c: Candidate) => (c.local ? (index.get(c.provider) ?? -1) : -1);
  const hard = reqs.flatMap((r, i) => (r.mode === "optional" ? [] : [i]));
  const groups: OrderingGroup[] = hard.map((i) => ({
    owner: index.get(reqs[i]!.dependent)!,
    allowed: ranked[i]!,
  }));
  const acyclic = (gs: readonly OrderingGroup[]) =>
    peel({ nodes: local.length, groups: gs, nodeOf }).placed.every(Boolean);

  const whole = peel({ nodes: local.length, groups, nodeOf });
  if (!whole.placed.every(Boolean)) return cycleProblem({ local, reqs, hard, groups, ...whole, nodeOf });
  let final: readonly OrderingGroup[] = groups.map((g) => ({
    owner: g.owner,
    allowed: g.allowed.slice(0, 1),
  }));
  if (!acyclic(final)) {
    for (const g of groups) {
      const all = g.allowed;
      for (const c of all) {
        g.allowed = [c];
        if (nodeOf(c) < 0 || acyclic(groups)) break; // a remote provider never closes a cycle here
      }
    }
    final = groups;
  }
  const chosen: (Candidate | undefined)[] = reqs.map((_, i) => ranked[i]?.[0]);
  hard.forEach((i, gi) => {
    chosen[i] = final[gi]?.allowed[0];
  });
  return chosen;
}

/** Names one cycle among the stuck nodes: each has a requirement all of whose candidates are stuck too. */
function cycleProblem(o: {
  local: readonly ServiceManifest[];
  reqs: readonly Requirement[];
  hard: readonly number[];
  groups: readonly OrderingGroup[];
  placed: readonly boolean[];
  unsatisfied: readonly boolean[];
  nodeOf: (c: Candidate) => number;
}): ServiceProblem {
  const step = new Map<number, { gi: number; to: number }>();
  o.groups.forEach((g, gi) => {
    if (o.unsatisfied[gi] && !step.has(g.owner)) step.set(g.owner, { gi, to: o.nodeOf(g.allowed[0]!) });
  });
  let at = o.placed.indexOf(false);
  const seen: number[] = [];
  while (!seen.includes(at)) {
    seen.push(at);
    at = step.get(at)!.to;
  }
  const cycle = [...seen.slice(seen.indexOf(at)), at];
  const parts = [o.local[cycle[0]!]!.key];
  for (let k = 0; k + 1 < cycle.length; k++) {
    const req = o.reqs[o.hard[step.get(cycle[k]!)!.gi]!]!;
    parts.push(`${req.mode} ${req.iface} ${req.range} → ${o.local[cycle[k + 1]!]!.key}`);
  }
  return {
    code: "SERVICE_CYCLE",
    message: `no choice of providers avoids a cycle: ${parts.join(" ")}`,
    services: cycle.slice(0, -1).map((n) => o.local[n]!.key),
  };
}
