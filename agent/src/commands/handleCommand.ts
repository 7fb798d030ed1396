import { bytesEqual, type ParsedStatement, type StatementOf, sha256 } from "@tet/schemas/device";
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

/**
 * What became of a command: the `command-result` draft to chain (null: nothing to answer), a log
 * line, and — for one the agent must not obey at all — the code it was ignored with.
 */
export interface CommandOutcome {
  result: DeviceDraft | null;
  log: string;
  ignored?: "COMMAND_NOT_AUTHORIZED" | "WRONG_OBJECT";
}

/**
 * Runs an owner-signed `command` from the down topic, opened already (its signature checked), per
 * the schemas README (MQTT protocol: Down). A command about another object, or signed by anyone but
 * the current owner or a delegate per the authority chain, is ignored: no answer, nothing recorded,
 * so a forger can neither fill the outbox with refusals nor burn a command id the owner will use.
 * An authorised one must have an unseen `id` (ids are persisted before the handler runs, so a
 * command runs at most once, even across a crash) and an `expires` in the future. The answer is a
 * `command-result` citing the SHA-256 of the command's bytes: `ok` with the handler's result, `error`
 * when it threw, `refused` when it expired or no handler is registered. A replay gets no answer.
 */
export async function handleCommand(p: ParsedStatement, ctx: CommandContext): Promise<CommandOutcome> {
  const c = p.statement as StatementOf<"command">;
  const id = Buffer.from(c.id).toString("hex");
  if (!bytesEqual(c.obj, ctx.authority.objectId))
    return {
      result: null,
      log: `command ${c.name} ${id} ignored: about another object`,
      ignored: "WRONG_OBJECT",
    };
  if (!ctx.authority.mayCommand(p.signer))
    return {
      result: null,
      log: `command ${c.name} ${id} ignored: signer is not the owner or a delegate`,
      ignored: "COMMAND_NOT_AUTHORIZED",
    };
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
