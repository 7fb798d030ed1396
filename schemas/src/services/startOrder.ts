import { TetError } from "../errors.js";
import { bytesEqual } from "../ids/index.js";
import type { LockedService, ServiceLock } from "./lock.js";
import { lockEdges } from "./lockEdges.js";
import { serviceKey } from "./serviceRef.js";

/**
 * The order in which a host starts its services: every service after the local providers of its
 * `needs` and `after` requirements (a topological order; optional requirements do not order, remote
 * providers are not started here), ties broken by the lock's canonical order (Kahn's algorithm taking
 * the first ready service each time). A lock from `resolveServices` has no cycle of them; one
 * that does (not verified, or tampered with) is refused with LOCK_INVALID naming its services.
 */
export function startOrder(lock: ServiceLock): LockedService[] {
  return startIndexes(lock).map((i) => lock.services[i]!);
}

/**
 * The order in which a host stops services: dependents before what they depend on (the reverse of
 * `startOrder`). With `only`, the services to stop so that those can stop: them and, transitively,
 * every local service that `needs` one of them (systemd propagates a stop along Requires=, not
 * After=), in the same reverse order.
 */
export function stopOrder(
  lock: ServiceLock,
  options: { only?: readonly { obj: Uint8Array; name: string }[] } = {},
): LockedService[] {
  const order = startIndexes(lock).reverse();
  if (!options.only) return order.map((i) => lock.services[i]!);
  const edges = lockEdges(lock);
  const stop = new Set<number>();
  const visit = (n: number) => {
    if (stop.has(n)) return;
    stop.add(n);
    for (const e of edges) if (e.to === n && e.mode === "needs") visit(e.from);
  };
  for (const ref of options.only) {
    const n = lock.services.findIndex((s) => s.name === ref.name && bytesEqual(s.obj, ref.obj));
    if (n >= 0) visit(n);
  }
  return order.filter((i) => stop.has(i)).map((i) => lock.services[i]!);
}

function startIndexes(lock: ServiceLock): number[] {
  const n = lock.services.length;
  const waitingOn = new Array<number>(n).fill(0);
  const dependents: number[][] = Array.from({ length: n }, () => []);
  for (const e of lockEdges(lock)) {
    if (e.to < 0 || e.mode === "optional") continue;
    waitingOn[e.from] = (waitingOn[e.from] ?? 0) + 1;
    dependents[e.to]!.push(e.from);
  }
  const done = new Array<boolean>(n).fill(false);
  const order: number[] = [];
  for (;;) {
    const next = waitingOn.findIndex((w, i) => w === 0 && !done[i]);
    if (next < 0) break;
    done[next] = true;
    order.push(next);
    for (const d of dependents[next]!) waitingOn[d] = (waitingOn[d] ?? 0) - 1;
  }
  const stuck = lock.services.filter((_, i) => !done[i]).map(serviceKey);
  if (stuck.length > 0)
    throw new TetError("LOCK_INVALID", `a cycle of needs and after among ${stuck.join(", ")}`);
  return order;
}
