/** One readiness check: resolves when the part is usable, rejects (or times out) when it is not. */
export type ReadinessCheck = () => Promise<void>;

/** The outcome of every check, by name. */
export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

/**
 * Runs the readiness checks (`ledger`, `broker`, `chain`…) in parallel, each bounded by `timeoutMs`,
 * so /readyz answers promptly even when a dependency hangs.
 */
export async function checkReadiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 2000,
): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, { ok: true }] as const;
      } catch (e) {
        return [name, { ok: false, error: (e as Error).message }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
}
