import { readFileSync } from "node:fs";
import type { ADMISSION_MODES } from "../api/index.js";
import { BACKEND_OPTIONS, type CHAINS, CONFIG_FILE, type LOG_LEVELS, type ROLES } from "./backendOptions.js";
import { checkOption } from "./checkOption.js";
import { ConfigError } from "./configError.js";
import { configFromValues } from "./configFields.js";
import { crossCheckConfig } from "./crossCheckConfig.js";
import { parseFlatToml } from "./parseFlatToml.js";

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
  role: (typeof ROLES)[number];
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
  chain: (typeof CHAINS)[number];
  chainRpc: string | undefined;
  /** A file holding the 0x-hex private key that sends anchoring and settlement transactions. */
  chainKey: string | undefined;
  /** The deployment JSON written by `tet chain deploy --out`. */
  chainDeployment: string | undefined;
  /** Anchor the log's checkpoint on chain this often; 0 = never. Default 5 minutes. */
  anchorEveryMs: number;
  /** Audit the log (`LogAudit`) this often, in seconds; 0 = never. Default 60. */
  auditIntervalS: number;
  logLevel: (typeof LOG_LEVELS)[number];
  readsPerSecond: number;
  addressWritesPerSecond: number;
  writesPerSecond: number;
  /** Who may create avatars (`AdmissionPolicy.mode`). */
  admission: (typeof ADMISSION_MODES)[number];
  /** did:keys admitted in every mode, as written (comma- or space-separated). */
  admissionKeys: string | undefined;
  /** The did:key whose invitations admit new owners. */
  admissionOperator: string | undefined;
  genesisPerAddressPerHour: number;
  genesisPerDay: number;
  objectStatementsPerDay: number;
  objectAuthorityPerDay: number;
}

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
  return crossCheckConfig(configFromValues(values));
}

/** The embedded defaults overridden by `TET_*` variables (and `TET_CONFIG`), then by `overrides`. */
export function backendConfig(env: NodeJS.ProcessEnv, overrides: Partial<BackendConfig> = {}): BackendConfig {
  const config = loadBackendConfig({ env });
  const set = Object.entries(overrides).filter(([, v]) => v !== undefined);
  return crossCheckConfig({ ...config, ...Object.fromEntries(set) });
}
