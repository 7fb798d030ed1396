import {
  Bridge,
  type BridgeStats,
  createTransport,
  type Message,
  type Reading,
  type Transport,
} from "@tet/firmware-bridge";
import type { TomlValue } from "../config/index.js";
import { AgentError } from "../errors.js";
import { type PassThroughOptions, PassThroughUplink } from "./bridgeUplink.js";
import { configuredResolutions, type Resolutions } from "./resolution.js";
import type { Readings, Sample, SensorDriver } from "./sensorDriver.js";

export interface BridgeDriverOptions {
  transport: Transport;
  /** Forward the MCU's own signed statements to its avatar (PROTOCOL.md §5); off by default. */
  passThrough?: Omit<PassThroughOptions, "bridge">;
  reconnect?: { minMs: number; maxMs: number };
  /** What the MCU's numbers are rounded to before signing (`resolution = 0.1`); without, as sent. */
  resolutions?: Resolutions;
}

/** A push driver that also says how its line is doing. */
export interface BridgeSensorDriver extends SensorDriver {
  stats(): BridgeStats & { forwarded: number };
  readonly bridge: Bridge;
}

const toReading = (r: Reading) => (r.unit === undefined ? { v: r.value } : { v: r.value, u: r.unit });

/**
 * The firmware bridge as a push sensor driver: frames from a microcontroller become samples. Each
 * reading, batch or event updates the device's current readings and the whole set is emitted (so a
 * `state` statement is a full snapshot, and the sampler's change detection works across frames);
 * `hello` (the MCU restarted) clears them and adds the firmware version. Damaged frames are counted and skipped by the bridge and show
 * up as the reading `bridge.rejected` once there is one, so a bad line is visible in the history.
 * Pass-through statements go to the MCU's own avatar through `PassThroughUplink`.
 */
export function bridgeDriver(o: BridgeDriverOptions): BridgeSensorDriver {
  const bridge = new Bridge({ transport: o.transport, ...(o.reconnect ? { reconnect: o.reconnect } : {}) });
  const current: Readings = {};
  let rejected = 0;
  let uplink: PassThroughUplink | undefined;
  const onMessage = (emit: (s: Sample) => void, m: Message) => {
    if (m.type === "reading") current[m.reading.name] = toReading(m.reading);
    else if (m.type === "batch") for (const r of m.readings) current[r.name] = toReading(r);
    else if (m.type === "event") current[m.name] = { v: m.value ?? true };
    else if (m.type === "hello") {
      // The MCU restarted: what it reported before may no longer exist (a sensor removed).
      for (const k of Object.keys(current)) if (k !== "bridge.rejected") delete current[k];
      current.firmware = { v: m.firmware };
      uplink?.hello();
    } else if (m.type === "statement") return uplink?.forward(m.bytes) ?? countRejected(emit);
    else return; // host → MCU types coming back (an echoing line) carry nothing for the agent
    emit({ readings: { ...current } });
  };
  const countRejected = (emit: (s: Sample) => void) => {
    current["bridge.rejected"] = { v: ++rejected };
    emit({ readings: { ...current } });
  };
  return {
    name: `bridge ${o.transport.description}`,
    ...(o.resolutions ? { resolutions: o.resolutions } : {}),
    bridge,
    start(emit) {
      bridge.on("message", (m) => onMessage(emit, m));
      bridge.on("rejected", () => countRejected(emit));
      if (o.passThrough) {
        uplink = new PassThroughUplink({ ...o.passThrough, bridge });
        uplink.on("refused", () => countRejected(emit));
        uplink.start();
      }
      bridge.start();
    },
    stop() {
      void uplink?.stop();
      void bridge.stop();
    },
    stats: () => ({ ...bridge.stats(), forwarded: uplink?.forwarded ?? 0 }),
  };
}

const text = (o: Record<string, TomlValue>, key: string): string | undefined => {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new AgentError("CONFIG_INVALID", `bridge driver: ${key} must be a string`);
  return v;
};

/**
 * The `[[sensor]] driver = "bridge"` factory: `transport = "serial:/dev/ttyUSB0?baud=115200"`,
 * `"tcp://host:port"` or `"stdio:"` with `command = [...]`; for pass-through, `passthrough = "<object
 * id of the MCU's avatar>"` and `broker = "mqtt://…"` (the agent's broker URL).
 */
export function bridgeDriverFromConfig(o: Record<string, TomlValue>): BridgeSensorDriver {
  const spec = text(o, "transport");
  if (!spec)
    throw new AgentError(
      "CONFIG_INVALID",
      'bridge driver needs transport = "serial:…", "tcp://…" or "stdio:"',
    );
  const command = o.command;
  if (command !== undefined && !(Array.isArray(command) && command.every((c) => typeof c === "string")))
    throw new AgentError("CONFIG_INVALID", 'bridge driver: command = ["program", "arg", …]');
  // The agent's own stdin/stdout are not a line to an MCU (its logs go there): stdio needs a program.
  if (spec.startsWith("stdio") && command === undefined)
    throw new AgentError(
      "CONFIG_INVALID",
      'bridge driver: transport = "stdio:" needs command = ["program", …]',
    );
  let transport: Transport;
  try {
    transport = createTransport(spec, command as string[] | undefined);
  } catch (e) {
    throw new AgentError("CONFIG_INVALID", (e as Error).message, { cause: e });
  }
  const resolutions = configuredResolutions(o.resolution);
  const objectId = text(o, "passthrough");
  if (objectId === undefined) return bridgeDriver({ transport, ...(resolutions ? { resolutions } : {}) });
  const url = text(o, "broker");
  if (!url) throw new AgentError("CONFIG_INVALID", "bridge driver: passthrough needs broker = the MQTT URL");
  const protocol: 4 | 5 = o.protocol === 5 ? 5 : 4;
  const caPath = text(o, "ca");
  const passThrough = { objectId, url, protocol, ...(caPath ? { caPath } : {}) };
  return bridgeDriver({ transport, passThrough, ...(resolutions ? { resolutions } : {}) });
}
