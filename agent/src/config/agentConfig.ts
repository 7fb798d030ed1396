import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { isDidKey, isObjectIdText } from "@tet/schemas/device";
import { AgentError } from "../errors.js";
import type { FullPolicy } from "../outbox/index.js";
import { AGENT_OPTIONS } from "./agentOptions.js";
import { parseToml, type TomlTable, type TomlValue } from "./parseToml.js";

/** One `[[sensor]]` table: which driver, how often it is read, and its own options. */
export interface SensorConfig {
  driver: string;
  /** Seconds between readings. */
  interval: number;
  /** A statement goes out at least this often (seconds), even when nothing changed. */
  heartbeat: number;
  /** The driver's other keys (seed, command, timeout…), as written. */
  options: Record<string, TomlValue>;
}

/** The agent's configuration, with paths resolved against the configuration file's folder. */
export interface AgentConfig {
  objectId: string;
  keyPath: string;
  dataDir: string;
  genesisPath: string | undefined;
  broker: {
    url: string;
    protocol: 4 | 5;
    caPath: string | undefined;
    /** Mutual TLS: the client certificate (PEM) for the device key; absent: none. */
    certPath?: string | undefined;
    /** The backend URL that issues `certPath` on a signed request when the file is missing. */
    enrolUrl?: string | undefined;
    logKey: string;
    keepalive: number;
    backoffMin: number;
    backoffMax: number;
  };
  outbox: { maxBytes: number; policy: FullPolicy; window: number };
  sensors: SensorConfig[];
}

/**
 * Reads and checks a configuration file, then applies `TET_AGENT_*` environment overrides; every
 * defect is a CONFIG_INVALID naming the key (or variable) on one line — an unknown key, a wrong
 * type, a bad URL — which `tet-agent` reports with exit code 2.
 */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = {}): AgentConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new AgentError("CONFIG_MISSING", `${path}: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(withEnvironment(parseToml(text), env), dirname(resolve(path)));
}

/** The file's tables with `TET_AGENT_*` variables written over them, typed like the keys they replace. */
export function withEnvironment(t: TomlTable, env: NodeJS.ProcessEnv): TomlTable {
  const out: TomlTable = { ...t };
  for (const opt of AGENT_OPTIONS) {
    const v = env[opt.env];
    if (v === undefined || v === "") continue;
    const table = { ...((out[opt.table] as TomlTable | undefined) ?? {}) };
    if (opt.type === "number") {
      if (!/^\d+(\.\d+)?$/.test(v)) bad(opt.env, `must be a number, got ${JSON.stringify(v)}`);
      table[opt.key] = Number(v);
    } else table[opt.key] = v;
    out[opt.table] = table;
  }
  return out;
}

/** Checks a parsed configuration and fills in defaults; relative paths resolve against `base`. */
export function parseConfig(t: TomlTable, base: string): AgentConfig {
  for (const name of Object.keys(t))
    if (!["agent", "broker", "outbox", "sensor"].includes(name))
      bad(name, "is not a table of the agent's configuration ([agent], [broker], [outbox], [[sensor]])");
  const table = (name: string): TomlTable => {
    const v = t[name] ?? {};
    if (typeof v !== "object" || Array.isArray(v)) bad(name, "must be a table");
    for (const key of Object.keys(v))
      if (!AGENT_OPTIONS.some((o) => o.table === name && o.key === key))
        bad(`${name}.${key}`, "is not an option");
    return v as TomlTable;
  };
  const agent = table("agent");
  const broker = table("broker");
  const outbox = table("outbox");
  const objectId = str(agent, "agent.object");
  if (!isObjectIdText(objectId)) bad("agent.object", "is not an object id (26 base32 characters)");
  const logKey = str(broker, "broker.log_key");
  if (!isDidKey(logKey)) bad("broker.log_key", "is not an Ed25519 did:key");
  const url = str(broker, "broker.url", "mqtt://[::1]:1883");
  if (!/^mqtts?:$/.test(URL.canParse(url) ? new URL(url).protocol : ""))
    bad("broker.url", `must be an mqtt:// or mqtts:// URL, got ${JSON.stringify(url)}`);
  const protocol = num(broker, "broker.protocol", 4);
  if (protocol !== 4 && protocol !== 5) bad("broker.protocol", "must be 4 (MQTT 3.1.1) or 5 (MQTT 5)");
  const enrol = str(broker, "broker.enrol", "");
  if (enrol !== "" && !/^https?:$/.test(URL.canParse(enrol) ? new URL(enrol).protocol : ""))
    bad("broker.enrol", `must be an http:// or https:// URL, got ${JSON.stringify(enrol)}`);
  const policy = str(outbox, "outbox.when_full", "drop-oldest");
  if (policy !== "drop-oldest" && policy !== "drop-newest")
    bad("outbox.when_full", "must be drop-oldest or drop-newest");
  const path = (v: string) => resolve(base, v);
  const optionalPath = (tab: TomlTable, key: string) => {
    const v = str(tab, key, "");
    return v === "" ? undefined : path(v);
  };
  const sensors = (Array.isArray(t.sensor) ? (t.sensor as TomlTable[]) : []).map((s, i) => {
    const where = `sensor[${i}]`;
    const { driver: _d, interval: _i, heartbeat: _h, ...options } = s;
    return {
      driver: str(s, `${where}.driver`),
      interval: num(s, `${where}.interval`, 10, 0.05),
      heartbeat: num(s, `${where}.heartbeat`, 300, 0.05),
      options: options as Record<string, TomlValue>,
    };
  });
  return {
    objectId,
    keyPath: path(str(agent, "agent.key", "device.pem")),
    dataDir: path(str(agent, "agent.data", "tet-agent-data")),
    genesisPath: optionalPath(agent, "agent.genesis"),
    broker: {
      url,
      protocol,
      caPath: optionalPath(broker, "broker.ca"),
      certPath: optionalPath(broker, "broker.cert"),
      enrolUrl: enrol === "" ? undefined : enrol,
      logKey,
      keepalive: num(broker, "broker.keepalive", 60, 0),
      backoffMin: num(broker, "broker.backoff_min", 1, 0.01),
      backoffMax: num(broker, "broker.backoff_max", 60, 0.01),
    },
    outbox: {
      maxBytes: num(outbox, "outbox.max_bytes", 4 * 1024 * 1024, 4096),
      policy,
      window: num(outbox, "outbox.window", 64, 1),
    },
    sensors,
  };
}

function bad(key: string, why: string): never {
  throw new AgentError("CONFIG_INVALID", `${key} ${why}`);
}

function str(t: TomlTable, key: string, fallback?: string): string {
  const v = t[key.slice(key.lastIndexOf(".") + 1)];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "string") return bad(key, v === undefined ? "is missing" : "must be a string");
  return v;
}

function num(t: TomlTable, key: string, fallback: number, min = 0): number {
  const v = t[key.slice(key.lastIndexOf(".") + 1)] ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min) return bad(key, `must be a number ≥ ${min}`);
  return v;
}
