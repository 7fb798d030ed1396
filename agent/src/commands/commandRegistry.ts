import type { StatementOf } from "@tet/schemas/device";
import type { ReadingValue } from "../drivers/index.js";

export type CommandArgs = Record<string, ReadingValue>;
/** A command handler: runs the command and returns what goes into the `command-result`'s `result`. */
export type CommandHandler = (
  args: CommandArgs,
  command: StatementOf<"command">,
) => Promise<CommandArgs | undefined> | CommandArgs | undefined;

/**
 * The handlers the agent dispatches verified commands to, by command name. The agent registers
 * `ping` and `report-now`; an integration adds its own (a relay, a lock) with `register`.
 */
export class CommandRegistry {
  private readonly handlers = new Map<string, CommandHandler>();

  /** Registers (or replaces) the handler for `name` (lowercase, digits and dashes, as the schema says). */
  register(name: string, handler: CommandHandler): this {
    this.handlers.set(name, handler);
    return this;
  }

  get(name: string): CommandHandler | undefined {
    return this.handlers.get(name);
  }

  get names(): string[] {
    return [...this.handlers.keys()];
  }
}
