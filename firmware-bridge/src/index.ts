export { BRIDGE_ERROR_CODES, BridgeError, type BridgeErrorCode, isBridgeError } from "./bridgeError.js";
export * from "./frame/index.js";
