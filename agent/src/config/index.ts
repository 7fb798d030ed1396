export {
  type AgentConfig,
  loadConfig,
  parseConfig,
  type SensorConfig,
  withEnvironment,
} from "./agentConfig.js";
export { AGENT_CONFIG_ENV, AGENT_OPTIONS, type AgentOption } from "./agentOptions.js";
export { parseToml, type TomlTable, type TomlValue } from "./parseToml.js";
export { type InitOptions, renderConfig } from "./renderConfig.js";
