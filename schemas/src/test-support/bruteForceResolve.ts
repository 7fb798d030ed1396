import compare from "semver/functions/compare.js";
import satisfies from "semver/functions/satisfies.js";
import type { ServiceManifest } from "../services/index.js";

/** One requirement in the brute force's own order, with the provider it picked (null: none). */
export interface BruteChoice {
  dependent: string;
  iface: string;
  provider: string | null;
}

const sameObj = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const byRef = (a: ServiceManifest, b: ServiceManifest) =>
  Buffer.compare(Buffer.from(a.obj), Buffer.from(b.obj)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The resolver's specification, executed literally on a small universe (test support only): every
 * assignment of each requirement to "none" or to any other service offering its interface is
 * enumerated; the valid ones (versions in range, "none" only for an optional interface nobody
 * offers, no cycle of needs/after among local services) are compared requirement by requirement
 * (highest version, local first, object id then name); the least wins. With no valid assignment it
 * names the codes: SERVICE_MISSING and SERVICE_CONFLICT where a requirement cannot be met at all,
 * otherwise SERVICE_CYCLE.
 */
export function bruteForceResolve(o: {
  local: ServiceManifest[];
  remote: ServiceManifest[];
}): { ok: true; choices: BruteChoice[]; detour: boolean } | { ok: false; codes: string[] } {
  const local = [...o.local].sort(byRef);
  const all = [...local, ...o.remote];
  const isLocal = new Set(local);
  const reqs = local.flatMap((d) =>
    Object.keys(d.statement.requires)
      .sort()
      .map((iface) => ({ d, iface, ...d.statement.requires[iface]! })),
  );
  const offers = (p: ServiceManifest, iface: string) =>
    Object.hasOwn(p.statement.provides, iface) ? p.statement.provides[iface] : undefined;
  const options = reqs.map((r) => [
    null,
    ...all.filter((p) => p !== r.d && offers(p, r.iface) !== undefined && (!r.of || sameObj(p.obj, r.of))),
  ]);
  const valid = (pick: (ServiceManifest | null)[]) => {
    const ok = pick.every((p, i) => {
      const r = reqs[i]!;
      if (p === null) return r.mode === "optional" && options[i]!.length === 1;
      return satisfies(offers(p, r.iface)!, r.range);
    });
    return (
      ok &&
      acyclic(
        local,
        reqs.map((r, i) => ({ from: r.d, to: pick[i] ?? null, hard: r.mode !== "optional" })),
        isLocal,
      )
    );
  };
  const better = (a: ServiceManifest | null, b: ServiceManifest | null, iface: string) => {
    if (a === null || b === null || a === b) return 0;
    return (
      compare(offers(b, iface)!, offers(a, iface)!) ||
      Number(isLocal.has(b)) - Number(isLocal.has(a)) ||
      byRef(a, b)
    );
  };
  let best: (ServiceManifest | null)[] | undefined;
  const pick: (ServiceManifest | null)[] = [];
  const walk = (i: number) => {
    if (i === reqs.length) {
      if (!valid(pick)) return;
      const cmp = best
        ? (pick.map((p, k) => better(p, best![k]!, reqs[k]!.iface)).find((c) => c !== 0) ?? 0)
        : -1;
      if (cmp < 0) best = [...pick];
      return;
    }
    for (const p of options[i]!) {
      pick[i] = p;
      walk(i + 1);
    }
  };
  walk(0);
  if (best) {
    // A detour: the best acyclic choice is not every requirement's own favourite (a cycle was avoided).
    const detour = best.some((p, i) =>
      options[i]!.some(
        (q) =>
          q !== null &&
          q !== p &&
          satisfies(offers(q, reqs[i]!.iface)!, reqs[i]!.range) &&
          better(q, p, reqs[i]!.iface) < 0,
      ),
    );
    return {
      ok: true,
      detour,
      choices: reqs.map((r, i) => ({ dependent: r.d.key, iface: r.iface, provider: best![i]?.key ?? null })),
    };
  }
  const codes = new Set<string>();
  reqs.forEach((r, i) => {
    const offered = options[i]!.slice(1) as ServiceManifest[]; // every option but "none"
    if (offered.length === 0 && r.mode !== "optional") codes.add("SERVICE_MISSING");
    if (offered.length > 0 && !offered.some((p) => satisfies(offers(p, r.iface)!, r.range)))
      codes.add("SERVICE_CONFLICT");
  });
  return { ok: false, codes: codes.size > 0 ? [...codes].sort() : ["SERVICE_CYCLE"] };
}

function acyclic(
  local: ServiceManifest[],
  edges: { from: ServiceManifest; to: ServiceManifest | null; hard: boolean }[],
  isLocal: Set<ServiceManifest>,
): boolean {
  const state = new Map<ServiceManifest, "open" | "done">();
  const visit = (n: ServiceManifest): boolean => {
    if (state.get(n) === "done") return true;
    if (state.get(n) === "open") return false;
    state.set(n, "open");
    for (const e of edges)
      if (e.from === n && e.hard && e.to && isLocal.has(e.to) && !visit(e.to)) return false;
    state.set(n, "done");
    return true;
  };
  return local.every(visit);
}
