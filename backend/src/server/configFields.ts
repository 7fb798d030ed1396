import { ADMISSION_MODES } from "../api/index.js";
import type { BackendConfig } from "./backendConfig.js";
import { BACKEND_OPTIONS, CHAINS, LOG_LEVELS, type OptionSpec, ROLES } from "./backendOptions.js";
import { ConfigError } from "./configError.js";

/** Each option's config-file key → its BackendConfig field. */
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
  audit_interval_s: "auditIntervalS",
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

/** Each BackendConfig field → its option's config-file key. */
const KEY = Object.fromEntries(Object.entries(FIELD).map(([k, f]) => [f, k])) as Record<
  keyof BackendConfig,
  string
>;

/** Environment variables that override the defaults and the file, one per field. */
export const CONFIG_ENV = Object.fromEntries(BACKEND_OPTIONS.map((o) => [FIELD[o.key], o.env])) as Record<
  keyof BackendConfig,
  string
>;

/** An option's names on one line, `data (--data, TET_DATA)`, for refusals that do not know where the value came from. */
export function optionNames(field: keyof BackendConfig): string {
  const o = BACKEND_OPTIONS.find((x) => FIELD[x.key] === field) as OptionSpec;
  return `${o.key} (${o.flag}, ${o.env})`;
}

/**
 * The typed configuration from the checked value of every option (by config-file key). Each field
 * is read as the type its option's kind guarantees (checkOption); a value of another type — an option
 * table out of step with BackendConfig — throws a ConfigError naming the option rather than passing
 * as the wrong type.
 */
export function configFromValues(values: ReadonlyMap<string, unknown>): BackendConfig {
  const value = (f: keyof BackendConfig): unknown => values.get(KEY[f]);
  const wrong = (f: keyof BackendConfig, kind: string) =>
    new ConfigError(optionNames(f), `must be ${kind}, got ${JSON.stringify(value(f))}`);
  const text = (f: keyof BackendConfig): string => {
    const v = value(f);
    if (typeof v !== "string") throw wrong(f, "text");
    return v;
  };
  const optionalText = (f: keyof BackendConfig): string | undefined =>
    value(f) === undefined ? undefined : text(f);
  const count = (f: keyof BackendConfig): number => {
    const v = value(f);
    if (typeof v !== "number") throw wrong(f, "a number");
    return v;
  };
  const flag = (f: keyof BackendConfig): boolean => {
    const v = value(f);
    if (typeof v !== "boolean") throw wrong(f, "true or false");
    return v;
  };
  const oneOf = <T extends string>(f: keyof BackendConfig, allowed: readonly T[]): T => {
    const v = text(f);
    const found = allowed.find((a) => a === v);
    if (found === undefined) throw wrong(f, `one of ${allowed.join(", ")}`);
    return found;
  };
  return {
    dataDir: text("dataDir"),
    httpPort: count("httpPort"),
    mqttPort: count("mqttPort"),
    wsPort: count("wsPort"),
    mqttMaxPacket: count("mqttMaxPacket"),
    mqttMaxOutgoingBytes: count("mqttMaxOutgoingBytes"),
    mqttMaxOutgoingMessages: count("mqttMaxOutgoingMessages"),
    mqttOfflineQueue: count("mqttOfflineQueue"),
    mqttPublishRate: count("mqttPublishRate"),
    mqttPublishBurst: count("mqttPublishBurst"),
    mqttDeviceLoginsPerMinute: count("mqttDeviceLoginsPerMinute"),
    mqttDeviceLoginBurst: count("mqttDeviceLoginBurst"),
    mqttAddressLoginsPerSecond: count("mqttAddressLoginsPerSecond"),
    mqttAddressLoginBurst: count("mqttAddressLoginBurst"),
    mqttPendingLogins: count("mqttPendingLogins"),
    mqttConnectingPerAddress: count("mqttConnectingPerAddress"),
    mqttUrl: optionalText("mqttUrl"),
    mqttUsername: text("mqttUsername"),
    mqttPassword: optionalText("mqttPassword"),
    deviceCa: optionalText("deviceCa"),
    deviceCaCrl: optionalText("deviceCaCrl"),
    deviceCaReload: optionalText("deviceCaReload"),
    workerId: text("workerId"),
    watchSubscriptions: flag("watchSubscriptions"),
    role: oneOf("role", ROLES),
    pg: optionalText("pg"),
    lease: flag("lease"),
    verifyThreads: count("verifyThreads"),
    origin: text("origin"),
    clockSkewMs: count("clockSkewMs"),
    prefix: text("prefix"),
    chain: oneOf("chain", CHAINS),
    chainRpc: optionalText("chainRpc"),
    chainKey: optionalText("chainKey"),
    chainDeployment: optionalText("chainDeployment"),
    anchorEveryMs: count("anchorEveryMs"),
    auditIntervalS: count("auditIntervalS"),
    logLevel: oneOf("logLevel", LOG_LEVELS),
    readsPerSecond: count("readsPerSecond"),
    addressWritesPerSecond: count("addressWritesPerSecond"),
    writesPerSecond: count("writesPerSecond"),
    admission: oneOf("admission", ADMISSION_MODES),
    admissionKeys: optionalText("admissionKeys"),
    admissionOperator: optionalText("admissionOperator"),
    genesisPerAddressPerHour: count("genesisPerAddressPerHour"),
    genesisPerDay: count("genesisPerDay"),
    objectStatementsPerDay: count("objectStatementsPerDay"),
    objectAuthorityPerDay: count("objectAuthorityPerDay"),
  };
}
