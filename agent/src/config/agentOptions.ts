/** One key of the agent's config file: its table, type, default, environment variable and meaning. */
export interface AgentOption {
  table: "agent" | "broker" | "outbox";
  key: string;
  type: "string" | "path" | "number";
  /** As the README shows it; undefined: required or unset. */
  fallback: string | number | undefined;
  /** `TET_AGENT_…`: overrides the file (e.g. a broker URL set by a container or systemd). */
  env: string;
  doc: string;
}

const o = (
  table: AgentOption["table"],
  key: string,
  type: AgentOption["type"],
  fallback: AgentOption["fallback"],
  doc: string,
): AgentOption => ({
  table,
  key,
  type,
  fallback,
  doc,
  env: `TET_AGENT_${table === "agent" ? "" : `${table.toUpperCase()}_`}${key.toUpperCase()}`,
});

/**
 * Every key of `tet-agent.toml` outside the `[[sensor]]` tables (whose keys are the driver's), in the
 * order `tet-agent init` writes them. Anything else in these tables is refused by name; the README's
 * agent table lists exactly these (a test keeps them in step).
 */
export const AGENT_OPTIONS: readonly AgentOption[] = [
  o("agent", "object", "string", undefined, "the avatar's object id (26 base32 characters); required"),
  o(
    "agent",
    "key",
    "path",
    "device.pem",
    "this device's Ed25519 key (`tet-agent keygen`); never leaves the device",
  ),
  o("agent", "data", "path", "tet-agent-data", "outbox, status file, seen command ids, authority chain"),
  o("agent", "genesis", "path", "", "optional: the avatar's genesis statement, to check enrolment offline"),
  o(
    "broker",
    "url",
    "string",
    "mqtt://[::1]:1883",
    "`mqtt://` or `mqtts://` (TLS); IPv6 literals in brackets",
  ),
  o("broker", "protocol", "number", 4, "4 = MQTT 3.1.1 (the embedded broker), 5 = MQTT 5 (Mosquitto, EMQX)"),
  o("broker", "ca", "path", "", "PEM file of CA certificates for `mqtts://` (empty: the system's)"),
  o(
    "broker",
    "cert",
    "path",
    "",
    "mutual TLS (`mqtts://`): this device's client certificate, PEM, for `agent.key` (empty: none)",
  ),
  o(
    "broker",
    "enrol",
    "string",
    "",
    "backend URL (`http(s)://`) that issues `cert` on a request signed by `agent.key`, when the file is missing",
  ),
  o(
    "broker",
    "log_key",
    "string",
    undefined,
    "the backend log's did:key: receipts must be signed by it; required",
  ),
  o("broker", "keepalive", "number", 60, "MQTT keep alive, seconds"),
  o("broker", "backoff_min", "number", 1, "seconds before the first reconnection attempt"),
  o(
    "broker",
    "backoff_max",
    "number",
    60,
    "cap of the exponential reconnection backoff (full jitter), seconds",
  ),
  o(
    "outbox",
    "max_bytes",
    "number",
    4_194_304,
    "bound on stored statements; usage may exceed it, telemetry is dropped",
  ),
  o(
    "outbox",
    "when_full",
    "string",
    "drop-oldest",
    "`drop-oldest` or `drop-newest` telemetry; a signed gap statement records it",
  ),
  o("outbox", "window", "number", 64, "statements signed and in flight before a receipt"),
];

/** Names the config file when `--config` is not given. */
export const AGENT_CONFIG_ENV = "TET_AGENT_CONFIG";
