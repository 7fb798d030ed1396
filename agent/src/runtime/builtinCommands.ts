import { CommandRegistry } from "../commands/index.js";
import type { Sampler } from "../drivers/index.js";

/**
 * The commands every agent answers: `ping` (a liveness check that goes through the whole signed
 * path) and `report-now` (read every sensor now and send its readings even if unchanged).
 */
export function builtinCommands(samplers: () => readonly Sampler[]): CommandRegistry {
  return new CommandRegistry()
    .register("ping", () => ({ pong: true }))
    .register("report-now", async () => {
      const all = samplers();
      for (const s of all) s.forceNext();
      await Promise.all(all.map((s) => s.tick()));
      return { sensors: all.length };
    });
}
