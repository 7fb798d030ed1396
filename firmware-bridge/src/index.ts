export { Bridge, type BridgeEvents, type BridgeOptions, type BridgeStats } from "./bridge/index.js";
export { BRIDGE_ERROR_CODES, BridgeError, type BridgeErrorCode, isBridgeError } from "./bridgeError.js";
export * from "./frame/index.js";
export * from "./modbus/index.js";
export * from "./transport/index.js";
