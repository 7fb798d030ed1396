export { Agent, type AgentEvents, type AgentOptions } from "./agent.js";
export { builtinCommands } from "./builtinCommands.js";
export { sampleDrafts } from "./sampleDrafts.js";
export { Sender } from "./sender.js";
