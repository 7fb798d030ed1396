import type { PayoutAdapter } from "./payoutAdapter.js";

/**
 * Fault injection for the restart tests (`TET_CUSTODIAN_FAULT=kill-after-order:N`): the process kills
 * itself with SIGKILL right after the adapter wrote its N-th order and before the queue records it —
 * the narrowest window of the exactly-once guarantee. Unset (production): the adapter unchanged.
 */
export function withFault(adapter: PayoutAdapter, fault: string | undefined): PayoutAdapter {
  const n = Number(/^kill-after-order:(\d+)$/.exec(fault ?? "")?.[1] ?? 0);
  if (n <= 0) return adapter;
  let written = 0;
  return {
    name: adapter.name,
    async order(o) {
      const r = await adapter.order(o);
      if (++written >= n) process.kill(process.pid, "SIGKILL");
      return r;
    },
  };
}
