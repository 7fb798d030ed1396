import type { ModbusRTU } from "modbus-serial/ModbusRTU.js";
import { BridgeError } from "../bridgeError.js";
import type { Reading } from "../frame/index.js";
import { blockReadings, planReads, type RegisterBlock } from "./decodeRegisters.js";
import type { RegisterMap } from "./registerMap.js";

/** Where the Modbus device is: TCP (a meter with Ethernet, a gateway) or RTU on a serial line. */
export type ModbusLine =
  | { kind: "tcp"; host: string; port?: number }
  | { kind: "rtu"; path: string; baudRate?: number; parity?: "none" | "even" | "odd"; stopBits?: 1 | 2 };

export interface ModbusPollerOptions {
  line: ModbusLine;
  map: RegisterMap;
  /** Overrides the map's unit id (slave address). */
  unitId?: number;
  /** Per-request timeout in ms; default 1000. */
  timeoutMs?: number;
}

/**
 * Polls one Modbus device (RTU or TCP, npm `modbus-serial`, loaded on first use) for the registers of
 * its map: one read per block of nearby registers (`planReads`), decoded to readings with the map's
 * types, scales and units. A failed read rejects with MODBUS_FAILED and the connection is reopened
 * on the next poll.
 *
 * @example
 * const meter = new ModbusPoller({ line: { kind: "tcp", host: "192.0.2.7" }, map: loadRegisterMap(readyMapPath("eastron-sdm120")) });
 * const readings = await meter.read(); // [{ name: "voltage", value: 230.1, unit: "V" }, …]
 */
export class ModbusPoller {
  private client: ModbusRTU | undefined;
  private readonly blocks: RegisterBlock[];

  constructor(private readonly o: ModbusPollerOptions) {
    this.blocks = planReads(o.map.registers);
  }

  /** Reads every register of the map once. */
  async read(): Promise<Reading[]> {
    const c = await this.connect();
    const out: Reading[] = [];
    try {
      for (const b of this.blocks) {
        const r =
          b.table === "input"
            ? await c.readInputRegisters(b.address, b.count)
            : await c.readHoldingRegisters(b.address, b.count);
        out.push(...blockReadings(b, r.data));
      }
    } catch (e) {
      await this.close();
      throw new BridgeError("MODBUS_FAILED", `${this.o.map.device}: ${(e as Error).message}`, { cause: e });
    }
    return out;
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c?.isOpen) await new Promise<void>((resolve) => c.close(() => resolve()));
  }

  private async connect(): Promise<ModbusRTU> {
    if (this.client?.isOpen) return this.client;
    // CommonJS: module.exports is the class, and module.exports.default points back to it.
    const { default: mod } = await import("modbus-serial");
    const c = new mod.default();
    const l = this.o.line;
    try {
      if (l.kind === "tcp") await c.connectTCP(l.host, { port: l.port ?? 502 });
      else
        await c.connectRTUBuffered(l.path, {
          baudRate: l.baudRate ?? 9600,
          parity: l.parity ?? "none",
          stopBits: l.stopBits ?? 1,
          dataBits: 8,
        });
    } catch (e) {
      throw new BridgeError("MODBUS_FAILED", `connect: ${(e as Error).message}`, { cause: e });
    }
    c.setID(this.o.unitId ?? this.o.map.unitId);
    c.setTimeout(this.o.timeoutMs ?? 1000);
    this.client = c;
    return c;
  }
}
