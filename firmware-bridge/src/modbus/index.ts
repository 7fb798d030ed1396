export { blockReadings, planReads, type RegisterBlock, registerValue } from "./decodeRegisters.js";
export { type ModbusLine, ModbusPoller, type ModbusPollerOptions } from "./modbusPoller.js";
export {
  loadRegisterMap,
  parseRegisterMap,
  REGISTER_TYPES,
  type RegisterMap,
  type RegisterSpec,
  type RegisterType,
  readyMapPath,
} from "./registerMap.js";
