export type { AgentCommand, CliIo } from "./cliIo.js";
export { AGENT_COMMANDS, main } from "./main.js";
