import { DEFAULT_BROKER_LIMITS as B } from "../broker/index.js";
import { defaultVerifyThreads } from "../ingest/index.js";
import { DEFAULT_CLOCK_SKEW_MS } from "../ledger/index.js";
import { HTTP_LIMIT_OPTIONS } from "./httpLimitOptions.js";
import { type OptionSpec, opt, url } from "./optionSpec.js";

export type { OptionKind, OptionSpec } from "./optionSpec.js";

export const ROLES = ["all", "ingest"] as const;
export const CHAINS = ["anvil", "rpc", "off"] as const;
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
/**
 * Every setting of `tet-backend serve`, in one table: defaults < config file (`--config`,
 * `TET_CONFIG`) < environment < flags. The README's configuration table lists exactly these
 * (a test keeps them in step), and the compose file may only set these variables.
 */
export const BACKEND_OPTIONS: readonly OptionSpec[] = [
  opt(
    "data",
    { type: "string" },
    "./data",
    "data directory: SQLite ledger, log key, billing journal, chain state",
  ),
  opt(
    "http_port",
    { type: "port" },
    8080,
    "HTTP API, web UI, /metrics, /healthz, /readyz (on `::`, dual-stack)",
  ),
  opt("mqtt_port", { type: "port" }, 1883, "embedded MQTT broker port (on `::` and 0.0.0.0)"),
  opt("ws_port", { type: "port" }, 8083, "embedded broker's MQTT over WebSocket port"),
  opt(
    "mqtt_max_packet",
    { type: "count" },
    B.maxPacketBytes,
    "embedded broker: largest MQTT packet in bytes, refused from its header before it is buffered (CONNECT: 4,096) (0: no limit)",
  ),
  opt(
    "mqtt_max_outgoing_bytes",
    { type: "count" },
    B.maxOutgoingBytes,
    "embedded broker: a client with more bytes than this waiting in its socket is disconnected (it does not read) (0: no limit)",
  ),
  opt(
    "mqtt_max_outgoing_messages",
    { type: "count" },
    B.maxOutgoingMessages,
    "embedded broker: … or with this many QoS 1 deliveries unacknowledged (0: no limit)",
  ),
  opt(
    "mqtt_offline_queue",
    { type: "count" },
    B.maxOfflineMessages,
    "embedded broker: down messages kept per persistent session while its device is away (oldest dropped) (0: no limit)",
  ),
  opt(
    "mqtt_publish_rate",
    { type: "count" },
    B.publishRate,
    "embedded broker: PUBLISH and SUBSCRIBE packets per second per device or payer connection; faster ones wait (0: no limit)",
  ),
  opt("mqtt_publish_burst", { type: "count" }, B.publishBurst, "embedded broker: … and the burst"),
  opt(
    "mqtt_device_logins_per_minute",
    { type: "count" },
    B.loginsPerDevicePerMinute,
    "embedded broker: accepted logins per minute per device (only its own verified logins count) (0: no limit)",
  ),
  opt(
    "mqtt_device_login_burst",
    { type: "count" },
    B.loginBurstPerDevice,
    "embedded broker: … and the burst",
  ),
  opt(
    "mqtt_address_logins_per_second",
    { type: "count" },
    B.loginsPerAddressPerSecond,
    "embedded broker: logins per second per source address (IPv4, IPv6 /64) that reach the signature check and fail or still wait (0: no limit)",
  ),
  opt(
    "mqtt_address_login_burst",
    { type: "count" },
    B.loginBurstPerAddress,
    "embedded broker: … and the burst",
  ),
  opt(
    "mqtt_pending_logins",
    { type: "count" },
    B.maxPendingLogins,
    "embedded broker: logins waiting for their signature check at once; more get CONNACK 3 (0: no limit)",
  ),
  opt(
    "mqtt_connecting_per_address",
    { type: "count" },
    B.maxConnectingPerAddress,
    "embedded broker: connections per source address not logged in yet (closed after 10 s); more are closed (0: no limit)",
  ),
  opt(
    "mqtt_url",
    url("mqtt", "mqtts"),
    undefined,
    "external MQTT 5 broker instead of the embedded one (shared subscription)",
  ),
  opt("mqtt_username", { type: "string" }, "tet-backend", "the backend's user on the external broker"),
  opt(
    "mqtt_password",
    { type: "string" },
    undefined,
    "its password (default: the token in `DATA/backend-token`)",
  ),
  opt(
    "device_ca",
    { type: "string" },
    undefined,
    "with `mqtt_url` and `role = all`: the device CA folder (mutual TLS certificates, CRL)",
  ),
  opt(
    "device_ca_crl",
    { type: "string" },
    undefined,
    "where the CRL of revoked device keys is written (default `DEVICE_CA/crl.pem`)",
  ),
  opt(
    "device_ca_reload",
    { type: "string" },
    undefined,
    "shell command run after each CRL write (Mosquitto rereads it on SIGHUP)",
  ),
  opt(
    "worker_id",
    { type: "string" },
    "1",
    "this worker's name: MQTT client id `tet-backend-ID` (stable per worker)",
  ),
  opt(
    "watch_subscriptions",
    { type: "bool" },
    true,
    "follow Mosquitto's subscribe log to sync devices' `down` (one worker)",
  ),
  opt(
    "role",
    { type: "enum", values: ROLES },
    "all",
    "`all`, or `ingest` (with `mqtt_url`): MQTT ingest, /metrics, /healthz, /readyz only",
  ),
  opt(
    "pg",
    url("postgres", "postgresql"),
    undefined,
    "PostgreSQL ledger instead of SQLite in the data directory",
  ),
  opt(
    "lease",
    { type: "bool" },
    false,
    "with `mqtt_url` and `pg`: share the ledger with other workers (advisory-lock lease)",
  ),
  opt(
    "verify_threads",
    { type: "count" },
    defaultVerifyThreads,
    "Ed25519 verification worker threads (default: one per core)",
  ),
  opt("origin", { type: "string" }, "tet-avatars.local/log", "log origin (first line of every checkpoint)"),
  opt(
    "clock_skew_ms",
    { type: "count" },
    DEFAULT_CLOCK_SKEW_MS,
    "a statement's `ts` may be this far ahead of the backend's clock, a device statement's this far behind its chain head (else 422 FUTURE_TIMESTAMP / TIMESTAMP_BACKWARDS; 0 = no tolerance)",
  ),
  opt("prefix", { type: "string" }, "fd54:4554:1::/64", "avatar IPv6 prefix (a /64)"),
  opt(
    "chain",
    { type: "enum", values: CHAINS },
    "anvil",
    "`anvil` (local, in the data directory), `rpc` (any EVM endpoint) or `off`",
  ),
  opt("chain_rpc", url("http", "https"), undefined, "with `chain = rpc`: the JSON-RPC endpoint"),
  opt(
    "chain_key",
    { type: "string" },
    undefined,
    "with `chain = rpc`: file holding the 0x-hex key that sends transactions",
  ),
  opt(
    "chain_deployment",
    { type: "string" },
    undefined,
    "with `chain = rpc`: the JSON `tet chain deploy --out` wrote",
  ),
  opt("anchor_ms", { type: "count" }, 300_000, "anchor the checkpoint on chain every … ms (0 = never)"),
  opt(
    "audit_interval_s",
    { type: "count" },
    60,
    "re-hash the log against its signed checkpoint every … s: new entries, plus a sweep of 20,000 older ones per run (a mismatch: /readyz 503, `tet_log_audit_failures_total`; 0 = never)",
  ),
  ...HTTP_LIMIT_OPTIONS,
  opt(
    "log_level",
    { type: "enum", values: LOG_LEVELS },
    "info",
    "structured log level (pino JSON lines on stderr)",
  ),
];

/** The config file's own location: a flag and a variable, never a key inside it. */
export const CONFIG_FILE = { flag: "--config", env: "TET_CONFIG" } as const;
