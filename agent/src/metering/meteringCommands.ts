import type { CommandRegistry } from "../commands/index.js";
import { AgentError } from "../errors.js";
import type { SessionMeter } from "./sessionMeter.js";

/**
 * Registers the billing commands for a metered thing: `start-session` (args `session`, `payer`)
 * begins a usage session — the charger closes its contactor, the desk booking starts — and
 * `stop-session` (args `session`, `reason`) ends it, e.g. when the backend finds a payment short.
 * A stop for another session than the running one is refused (SESSION_UNKNOWN).
 */
export function registerMeteringCommands(registry: CommandRegistry, meter: SessionMeter): CommandRegistry {
  return registry
    .register("start-session", (args) => {
      if (typeof args.session !== "string" || args.session.length === 0)
        throw new AgentError("COMMAND_REFUSED", "start-session needs a session");
      meter.begin({
        session: args.session,
        ...(typeof args.payer === "string" ? { payer: args.payer } : {}),
      });
      return { session: args.session, state: "started" };
    })
    .register("stop-session", (args) => {
      const running = meter.active?.session;
      if (running === undefined || (args.session !== undefined && args.session !== running))
        throw new AgentError("SESSION_UNKNOWN", String(args.session ?? ""));
      meter.end();
      return { session: running, state: "stopped" };
    });
}
