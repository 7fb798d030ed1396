/**
 * Waits for a condition where no event exists to wait for: a bounded poll (every `everyMs`), failing
 * with `what` after `ms`. Never used as a sleep: it returns as soon as the condition holds.
 */
export async function until(
  cond: () => boolean | Promise<boolean>,
  what: string,
  opts: { ms?: number; everyMs?: number } = {},
): Promise<void> {
  const end = Date.now() + (opts.ms ?? 20_000);
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 20));
  }
}
