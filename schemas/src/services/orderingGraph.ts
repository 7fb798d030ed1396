import type { Candidate } from "./candidates.js";

/**
 * The ordering constraints of a host's services as the resolver sees them: node i is the i-th local
 * service; each group is one `needs` or `after` requirement of node `owner`, satisfiable by any of
 * `allowed` (a local node, or -1 for a remote provider, which this host never starts).
 */
export interface OrderingGroup {
  readonly owner: number;
  allowed: readonly Candidate[];
}

/**
 * Whether some choice of one allowed candidate per group leaves the graph without a cycle, and which
 * nodes are stuck if not. Peeling (Kahn's algorithm over AND-OR constraints): a node can start once
 * every one of its groups has a candidate already started or remote; all nodes start iff an acyclic
 * choice exists (start them in that order and pick for each group a candidate started before).
 * Linear in the candidates listed.
 */
export function peel(options: {
  nodes: number;
  groups: readonly OrderingGroup[];
  nodeOf: (c: Candidate) => number;
}): { placed: boolean[]; unsatisfied: boolean[] } {
  const { nodes, groups, nodeOf } = options;
  const open = new Array<number>(nodes).fill(0);
  const unsatisfied = groups.map(() => true);
  const waiting: number[][] = Array.from({ length: nodes }, () => []); // node → groups it would satisfy
  groups.forEach((g, gi) => {
    if (g.allowed.some((c) => nodeOf(c) < 0)) unsatisfied[gi] = false;
    else {
      open[g.owner] = (open[g.owner] ?? 0) + 1;
      for (const c of g.allowed) waiting[nodeOf(c)]?.push(gi);
    }
  });
  const placed = new Array<boolean>(nodes).fill(false);
  const queue: number[] = [];
  for (let n = 0; n < nodes; n++) if (open[n] === 0) queue.push(n);
  while (queue.length > 0) {
    const n = queue.pop()!;
    placed[n] = true;
    for (const gi of waiting[n] ?? []) {
      if (!unsatisfied[gi]) continue;
      unsatisfied[gi] = false;
      const owner = groups[gi]!.owner;
      open[owner] = (open[owner] ?? 0) - 1;
      if (open[owner] === 0) queue.push(owner);
    }
  }
  return { placed, unsatisfied };
}
