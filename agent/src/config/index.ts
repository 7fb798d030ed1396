export { type AgentConfig, loadConfig, parseConfig, type SensorConfig } from "./agentConfig.js";
export { parseToml, type TomlTable, type TomlValue } from "./parseToml.js";
export { type InitOptions, renderConfig } from "./renderConfig.js";
