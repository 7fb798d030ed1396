export { Bridge, type BridgeEvents, type BridgeOptions, type BridgeStats } from "./bridge.js";
