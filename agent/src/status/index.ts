export { type AgentStatus, readStatus, writeStatus } from "./statusFile.js";
