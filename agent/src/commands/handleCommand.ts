import { type ParsedStatement, type StatementOf, sha256 } from "@tet/schemas/device";
import type { Authority } from "../authority/index.js";
import type { DeviceDraft } from "../chain/index.js";
import type { CommandRegistry } from "./commandRegistry.js";
import type { SeenCommands } from "./seenCommands.js";

export interface CommandContext {
  authority: Authority;
  registry: CommandRegistry;
  seen: SeenCommands;
  now: () => number;
}

/** What became of a command: the `command-result` draft to chain, or null for a replay; and a log line. */
export interface CommandOutcome {
  result: DeviceDraft | null;
  log: string;
}

/**
 * Verifies an owner-signed `command` from the down topic and runs it (schemas README, MQTT protocol:
 * Down): the signer must be the current owner or a delegate per the authority chain, `expires` must
 * be in the future, and the `id` must not have been seen before (ids are persisted before the handler
 * runs, so a command runs at most once, even across a crash). The answer is a `command-result` citing
 * the SHA-256 of the command's bytes: `ok` with the handler's result, `error` when it threw, `refused`
 * when a check failed or no handler is registered. A replay gets no answer: it was answered already.
 */
export async function handleCommand(p: ParsedStatement, ctx: CommandContext): Promise<CommandOutcome> {
  const c = p.statement as StatementOf<"command">;
  const id = Buffer.from(c.id).toString("hex");
  if (ctx.seen.has(id)) return { result: null, log: `command ${c.name} ${id} refused: replayed` };
  ctx.seen.add(id, c.expires);
  const answer = (
    status: "ok" | "error" | "refused",
    extra: { result?: Record<string, never> | object; error?: string },
  ) => ({
    result: {
      v: 1,
      t: "command-result",
      ts: ctx.now(),
      obj: c.obj,
      command: sha256(p.bytes),
      status,
      ...extra,
    } as DeviceDraft,
    log: `command ${c.name} ${id}: ${status}${extra.error ? ` (${extra.error})` : ""}`,
  });
  if (!ctx.authority.mayCommand(p.signer))
    return answer("refused", { error: "signer is not the owner or a delegate" });
  if (c.expires <= ctx.now()) return answer("refused", { error: "expired" });
  const handler = ctx.registry.get(c.name);
  if (!handler) return answer("refused", { error: `unknown command ${c.name}` });
  try {
    const result = await handler(c.args ?? {}, c);
    return answer("ok", result && Object.keys(result).length > 0 ? { result } : {});
  } catch (e) {
    return answer("error", { error: String((e as Error).message ?? e).slice(0, 2000) || "failed" });
  }
}
