import { once } from "node:events";
import type { AddressInfo, Server } from "node:net";
import { ServerSerial, ServerTCP } from "modbus-serial";
import { REGISTER_TYPES, type RegisterMap, type RegisterSpec } from "../modbus/index.js";

/** The words a device holds for `value` under `spec` (the inverse of `registerValue`). */
export function encodeRegister(spec: RegisterSpec, value: number): number[] {
  const n = REGISTER_TYPES[spec.type];
  const b = Buffer.alloc(n * 2);
  const raw = spec.type.startsWith("float") ? value / spec.scale : Math.round(value / spec.scale);
  if (spec.type === "uint16") b.writeUInt16BE(raw);
  else if (spec.type === "int16") b.writeInt16BE(raw);
  else if (spec.type === "uint32") b.writeUInt32BE(raw);
  else if (spec.type === "int32") b.writeInt32BE(raw);
  else if (spec.type === "float32") b.writeFloatBE(raw);
  else if (spec.type === "uint64") b.writeBigUInt64BE(BigInt(raw));
  else b.writeDoubleBE(raw);
  const words = Array.from({ length: n }, (_, i) => b.readUInt16BE(i * 2));
  return spec.wordOrder === "little" ? words.reverse() : words;
}

/**
 * A real Modbus server holding a device's registers as its map says for the given values (unmapped
 * registers read 0; `set` changes a value): modbus-serial's ServerTCP on loopback, port 0, or with
 * `rtuPath` its ServerSerial (Modbus RTU) on that serial line — one end of a socat pty pair.
 */
export async function startModbusServer(map: RegisterMap, values: Record<string, number>, rtuPath?: string) {
  const input = new Map<number, number>();
  const holding = new Map<number, number>();
  const set = (name: string, value: number) => {
    const spec = map.registers.find((r) => r.name === name);
    if (!spec) throw new Error(`no register ${name}`);
    const table = spec.table === "input" ? input : holding;
    for (const [i, w] of encodeRegister(spec, value).entries()) table.set(spec.address + i, w);
  };
  for (const [k, v] of Object.entries(values)) set(k, v);
  const requests: number[] = [];
  const vector = {
    getInputRegister: (addr: number) => {
      requests.push(addr);
      return input.get(addr) ?? 0;
    },
    getHoldingRegister: (addr: number) => holding.get(addr) ?? 0,
  };
  const server = rtuPath
    ? new ServerSerial(vector, { path: rtuPath, baudRate: 9600, unitID: map.unitId })
    : new ServerTCP(vector, { host: "127.0.0.1", port: 0, unitID: map.unitId });
  await once(server, "initialized");
  const port = rtuPath
    ? 0
    : ((server as unknown as { _server: Server })._server.address() as AddressInfo).port;
  return {
    port,
    set,
    /** Addresses of input registers read so far. */
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
