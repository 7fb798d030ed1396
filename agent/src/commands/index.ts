export { type CommandArgs, type CommandHandler, CommandRegistry } from "./commandRegistry.js";
export { type CommandContext, type CommandOutcome, handleCommand } from "./handleCommand.js";
export { SeenCommands } from "./seenCommands.js";
