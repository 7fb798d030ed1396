export { type AgentStatus, countIgnored, type IgnoredDown, readStatus, writeStatus } from "./statusFile.js";
