import { readFileSync } from "node:fs";
import { MAX_STATEMENT_BYTES } from "@tet/schemas";
import type { HttpLimits } from "../api/index.js";
import { type AdmissionPolicy, checkPolicy, PolicyError, parseKeyList } from "../api/index.js";
import { BACKEND_OPTIONS, CONFIG_FILE, type OptionSpec } from "./backendOptions.js";
import { ConfigError } from "./configError.js";
import { type FlatValue, parseFlatToml } from "./parseFlatToml.js";

/** Where the backend keeps its state and how it is reached. Every field has an embedded default. */
export interface BackendConfig {
  /** Ledger database, keys and chain state live here (default `./data`). */
  dataDir: string;
  /** HTTP API and web UI port on `::` (dual-stack, so also 127.0.0.1); default 8080. */
  httpPort: number;
  /** MQTT over TCP on `::` and 0.0.0.0; default 1883. */
  mqttPort: number;
  /** MQTT over WebSocket (browsers); default 8083; 0 picks a free port. */
  wsPort: number;
  /** The embedded broker's bounds per connection, device and address (0: no limit). */
  mqttMaxPacket: number;
  mqttMaxOutgoingBytes: number;
  mqttMaxOutgoingMessages: number;
  mqttOfflineQueue: number;
  mqttPublishRate: number;
  mqttPublishBurst: number;
  mqttDeviceLoginsPerMinute: number;
  mqttDeviceLoginBurst: number;
  mqttAddressLoginsPerSecond: number;
  mqttAddressLoginBurst: number;
  mqttPendingLogins: number;
  mqttConnectingPerAddress: number;
  /** An external MQTT 5 broker (Mosquitto, EMQX) instead of the embedded aedes. */
  mqttUrl: string | undefined;
  mqttUsername: string;
  /** Default: the random token kept in the data directory. */
  mqttPassword: string | undefined;
  /** The device CA's folder (external broker, mutual TLS): enrolment route and CRL; unset: off. */
  deviceCa: string | undefined;
  /** The CRL's path (default `{deviceCa}/crl.pem`): Mosquitto's `crlfile`. */
  deviceCaCrl: string | undefined;
  /** A shell command run after each CRL write, so the broker rereads it (Mosquitto: SIGHUP). */
  deviceCaReload: string | undefined;
  /** A stable name per worker: its MQTT client id is `tet-backend-{workerId}`. */
  workerId: string;
  /** Follow Mosquitto's subscribe log (only one worker of a shared subscription should). */
  watchSubscriptions: boolean;
  /** `all`: ingest, passport API, web UI, chain; `ingest` (a worker of an external broker): ingest and /metrics only. */
  role: "all" | "ingest";
  /** A PostgreSQL URL for the ledger instead of SQLite in the data directory. */
  pg: string | undefined;
  /** Append under an advisory-lock lease, so several workers share one PostgreSQL ledger. */
  lease: boolean;
  verifyThreads: number;
  /** The log's origin line in its checkpoints. */
  origin: string;
  /** Timestamp tolerance of the acceptance rules (`StatementLedger`'s `clockSkewMs`); default 5 minutes. */
  clockSkewMs: number;
  /** The IPv6 /64 the avatars' addresses come from. */
  prefix: string;
  /** `anvil`: a local chain in the data directory; `rpc`: any EVM endpoint; `off`: no chain. */
  chain: "anvil" | "rpc" | "off";
  chainRpc: string | undefined;
  /** A file holding the 0x-hex private key that sends anchoring and settlement transactions. */
  chainKey: string | undefined;
  /** The deployment JSON written by `tet chain deploy --out`. */
  chainDeployment: string | undefined;
  /** Anchor the log's checkpoint on chain this often; 0 = never. Default 5 minutes. */
  anchorEveryMs: number;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  readsPerSecond: number;
  addressWritesPerSecond: number;
  writesPerSecond: number;
  /** Who may create avatars (`AdmissionPolicy.mode`). */
  admission: "open" | "allow-list" | "invite";
  /** did:keys admitted in every mode, as written (comma- or space-separated). */
  admissionKeys: string | undefined;
  /** The did:key whose invitations admit new owners. */
  admissionOperator: string | undefined;
  genesisPerAddressPerHour: number;
  genesisPerDay: number;
  objectStatementsPerDay: number;
  objectAuthorityPerDay: number;
}

const FIELD: Record<string, keyof BackendConfig> = {
  data: "dataDir",
  http_port: "httpPort",
  mqtt_port: "mqttPort",
  ws_port: "wsPort",
  mqtt_max_packet: "mqttMaxPacket",
  mqtt_max_outgoing_bytes: "mqttMaxOutgoingBytes",
  mqtt_max_outgoing_messages: "mqttMaxOutgoingMessages",
  mqtt_offline_queue: "mqttOfflineQueue",
  mqtt_publish_rate: "mqttPublishRate",
  mqtt_publish_burst: "mqttPublishBurst",
  mqtt_device_logins_per_minute: "mqttDeviceLoginsPerMinute",
  mqtt_device_login_burst: "mqttDeviceLoginBurst",
  mqtt_address_logins_per_second: "mqttAddressLoginsPerSecond",
  mqtt_address_login_burst: "mqttAddressLoginBurst",
  mqtt_pending_logins: "mqttPendingLogins",
  mqtt_connecting_per_address: "mqttConnectingPerAddress",
  mqtt_url: "mqttUrl",
  mqtt_username: "mqttUsername",
  mqtt_password: "mqttPassword",
  device_ca: "deviceCa",
  device_ca_crl: "deviceCaCrl",
  device_ca_reload: "deviceCaReload",
  worker_id: "workerId",
  watch_subscriptions: "watchSubscriptions",
  role: "role",
  pg: "pg",
  lease: "lease",
  verify_threads: "verifyThreads",
  origin: "origin",
  clock_skew_ms: "clockSkewMs",
  prefix: "prefix",
  chain: "chain",
  chain_rpc: "chainRpc",
  chain_key: "chainKey",
  chain_deployment: "chainDeployment",
  anchor_ms: "anchorEveryMs",
  log_level: "logLevel",
  http_reads_per_second: "readsPerSecond",
  http_address_writes_per_second: "addressWritesPerSecond",
  http_writes_per_second: "writesPerSecond",
  admission: "admission",
  admission_keys: "admissionKeys",
  admission_operator: "admissionOperator",
  genesis_per_address_per_hour: "genesisPerAddressPerHour",
  genesis_per_day: "genesisPerDay",
  object_statements_per_day: "objectStatementsPerDay",
  object_authority_per_day: "objectAuthorityPerDay",
};

/** Environment variables that override the defaults and the file, one per field. */
export const CONFIG_ENV = Object.fromEntries(BACKEND_OPTIONS.map((o) => [FIELD[o.key], o.env])) as Record<
  keyof BackendConfig,
  string
>;

/** Where configuration comes from: the environment, flags (`http-port` → "8080"), a file. */
export interface ConfigSources {
  env: NodeJS.ProcessEnv;
  /** Flag name without `--` → its text; `config` names the file. */
  flags?: ReadonlyMap<string, string>;
}

/**
 * Resolves the backend's configuration: defaults < the config file (`--config` or `TET_CONFIG`) <
 * `TET_*` environment variables < flags. Every value is checked here, once; a defect throws a
 * `ConfigError` naming the key, flag or variable on one line (an unknown key in the file, a wrong
 * type, a bad URL, a missing companion option).
 *
 * @example
 * loadBackendConfig({ env: process.env, flags: new Map([["http-port", "0"]]) });
 */
export function loadBackendConfig(sources: ConfigSources): BackendConfig {
  const { env } = sources;
  const flags = sources.flags ?? new Map<string, string>();
  const values = new Map<string, unknown>();
  for (const o of BACKEND_OPTIONS) if (o.fallback !== undefined) values.set(o.key, o.fallback);
  const file = flags.get("config") ?? (env[CONFIG_FILE.env] || undefined);
  if (file !== undefined) {
    const name = flags.has("config") ? CONFIG_FILE.flag : CONFIG_FILE.env;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new ConfigError(name, `cannot be read: ${(e as Error).message}`);
    }
    for (const [key, v] of Object.entries(parseFlatToml(text, file))) {
      const o = BACKEND_OPTIONS.find((x) => x.key === key);
      if (o === undefined) throw new ConfigError(`${file}: ${key}`, "is not an option of tet-backend");
      values.set(key, checkOption(o, v, `${file}: ${key}`));
    }
  }
  for (const o of BACKEND_OPTIONS) {
    const v = env[o.env];
    if (v !== undefined && v !== "") values.set(o.key, checkOption(o, v, o.env));
  }
  for (const o of BACKEND_OPTIONS) {
    const v = flags.get(o.flag.slice(2));
    if (v !== undefined) values.set(o.key, checkOption(o, v, o.flag));
  }
  const config = Object.fromEntries(
    BACKEND_OPTIONS.map((o) => [FIELD[o.key], values.get(o.key)]),
  ) as unknown as BackendConfig;
  return crossCheck(config);
}

/** The embedded defaults overridden by `TET_*` variables (and `TET_CONFIG`), then by `overrides`. */
export function backendConfig(env: NodeJS.ProcessEnv, overrides: Partial<BackendConfig> = {}): BackendConfig {
  const config = loadBackendConfig({ env });
  const set = Object.entries(overrides).filter(([, v]) => v !== undefined);
  return crossCheck({ ...config, ...Object.fromEntries(set) });
}

/** Checks one option's value against its kind and converts it; a defect is a ConfigError naming `where`. */
export function checkOption(o: OptionSpec, v: FlatValue, where: string): unknown {
  const k = o.kind;
  const text = typeof v === "string" ? v : undefined;
  if (k.type === "port" || k.type === "count") {
    const n =
      typeof v === "number" ? v : text !== undefined && /^\d+$/.test(text) ? Number(text) : Number.NaN;
    const max = k.type === "port" ? 65_535 : Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(n) || n < 0 || n > max)
      throw new ConfigError(
        where,
        `must be a whole number 0–${max.toLocaleString("en")}, got ${JSON.stringify(v)}`,
      );
    return n;
  }
  if (k.type === "bool") {
    if (typeof v === "boolean") return v;
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
    throw new ConfigError(where, `must be true or false, got ${JSON.stringify(v)}`);
  }
  if (text === undefined) throw new ConfigError(where, `must be text, got ${JSON.stringify(v)}`);
  if (k.type === "enum" && !k.values.includes(text))
    throw new ConfigError(where, `must be one of ${k.values.join(", ")}, got ${JSON.stringify(text)}`);
  if (k.type === "url") {
    let scheme: string;
    try {
      scheme = new URL(text).protocol.slice(0, -1);
    } catch {
      throw new ConfigError(where, `is not a URL: ${JSON.stringify(text.slice(0, 80))}`);
    }
    if (!k.schemes.includes(scheme))
      throw new ConfigError(
        where,
        `must be a ${k.schemes.map((s) => `${s}://`).join(" or ")} URL, got ${scheme}://`,
      );
  }
  return text;
}

/** An option's names on one line, `data (--data, TET_DATA)`, for refusals that do not know where the value came from. */
export function optionNames(field: keyof BackendConfig): string {
  const o = BACKEND_OPTIONS.find((x) => FIELD[x.key] === field) as OptionSpec;
  return `${o.key} (${o.flag}, ${o.env})`;
}

/** The HTTP API's limits from the configuration. */
export function httpLimits(c: BackendConfig): HttpLimits {
  const { readsPerSecond, addressWritesPerSecond, writesPerSecond, genesisPerAddressPerHour } = c;
  const { genesisPerDay, objectStatementsPerDay, objectAuthorityPerDay } = c;
  return {
    readsPerSecond,
    addressWritesPerSecond,
    writesPerSecond,
    genesisPerAddressPerHour,
    genesisPerDay,
    objectStatementsPerDay,
    objectAuthorityPerDay,
  };
}

/** The admission policy from the configuration. */
export function admissionPolicy(c: BackendConfig): AdmissionPolicy {
  return {
    mode: c.admission,
    keys: parseKeyList(c.admissionKeys ?? ""),
    ...(c.admissionOperator !== undefined ? { operator: c.admissionOperator } : {}),
  };
}

function crossCheck(c: BackendConfig): BackendConfig {
  const need = (when: string, key: keyof BackendConfig) => {
    if (c[key] === undefined) throw new ConfigError(CONFIG_ENV[key], `is required with ${when}`);
  };
  // C2SP tlog-checkpoint / signed-note: the origin is the note key name — non-empty, no Unicode
  // spaces, no plus sign — and the first line of every checkpoint (no control characters).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly these are refused
  if (c.origin === "" || c.origin.length > 255 || /[\s+\u0000-\u001f\u007f]/u.test(c.origin))
    throw new ConfigError(
      optionNames("origin"),
      `must be one word of at most 255 characters without spaces or "+" (e.g. tet.example.org/log), got ${JSON.stringify(c.origin.slice(0, 80))}`,
    );
  // An empty secret is no secret: anyone could log in to the broker as the backend and read `#`.
  if (c.mqttPassword !== undefined && c.mqttPassword.trim() === "")
    throw new ConfigError(
      optionNames("mqttPassword"),
      "is empty: give the backend's broker password, or leave it unset to use the token in DATA/backend-token",
    );
  try {
    checkPolicy(admissionPolicy(c));
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    const field = ({ keys: "admissionKeys", operator: "admissionOperator", mode: "admission" } as const)[
      e.part
    ];
    throw new ConfigError(optionNames(field), e.message);
  }
  if (!/^[0-9a-fA-F:]+\/64$/.test(c.prefix))
    throw new ConfigError(CONFIG_ENV.prefix, `must be an IPv6 /64, got ${c.prefix}`);
  // A packet must hold a statement (16 KiB) and its topic; 0 is "no limit".
  if (c.mqttMaxPacket !== 0 && c.mqttMaxPacket < MAX_STATEMENT_BYTES + 256)
    throw new ConfigError(
      optionNames("mqttMaxPacket"),
      `must be 0 (no limit) or at least ${MAX_STATEMENT_BYTES + 256} (a statement and its topic), got ${c.mqttMaxPacket}`,
    );
  if (c.chain === "rpc")
    for (const k of ["chainRpc", "chainKey", "chainDeployment"] as const) need("chain = rpc", k);
  if (c.role === "ingest") need("role = ingest", "mqttUrl");
  if (c.deviceCa !== undefined) need("device_ca", "mqttUrl");
  if (c.lease) for (const k of ["mqttUrl", "pg"] as const) need("lease = true", k);
  return c;
}
