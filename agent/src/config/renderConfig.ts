/** What `tet-agent init` knows when it writes a configuration file. */
export interface InitOptions {
  objectId: string;
  keyPath: string;
  logKey: string;
  brokerUrl?: string;
  protocol?: 4 | 5;
  genesisPath?: string;
  dataDir?: string;
  caPath?: string;
  /** Mutual TLS: the client certificate file, and the backend URL it is obtained from. */
  certPath?: string;
  enrolUrl?: string;
}

/**
 * The commented configuration file `tet-agent init` writes (the TOML subset `parseToml` reads).
 * Every key is present with its default, so the file documents itself.
 */
export function renderConfig(o: InitOptions): string {
  const q = (s: string) => JSON.stringify(s);
  return `# tet-agent configuration (a TOML subset: tables, key = value, strings, numbers, booleans, arrays).
# Relative paths are relative to this file's folder.

[agent]
object = ${q(o.objectId)}   # the avatar's object id (26 base32 characters)
key = ${q(o.keyPath)}   # this device's Ed25519 key (tet-agent keygen); never leaves the device
data = ${q(o.dataDir ?? "tet-agent-data")}   # outbox, status file, seen command ids, authority chain
genesis = ${q(o.genesisPath ?? "")}   # optional: the avatar's genesis statement, to check enrolment offline

[broker]
url = ${q(o.brokerUrl ?? "mqtt://[::1]:1883")}   # mqtt:// or mqtts:// (TLS); IPv6 literals in brackets
protocol = ${o.protocol ?? 4}   # 4 = MQTT 3.1.1 (the embedded broker), 5 = MQTT 5 (Mosquitto, EMQX)
ca = ${q(o.caPath ?? "")}   # PEM file of CA certificates for mqtts:// (empty: the system's)
cert = ${q(o.certPath ?? "")}   # mutual TLS: this device's client certificate (PEM), for the key above
enrol = ${q(o.enrolUrl ?? "")}   # backend URL that issues that certificate on a signed request, when the file is missing
log_key = ${q(o.logKey)}   # the backend log's did:key: receipts must be signed by it
keepalive = 60   # seconds (MQTT keep alive)
backoff_min = 1   # seconds before the first reconnection attempt
backoff_max = 60   # cap of the exponential backoff (with full jitter)

[outbox]
max_bytes = 4194304   # bound on stored statements; usage may exceed it, telemetry is dropped
when_full = "drop-oldest"   # drop-oldest or drop-newest telemetry; a signed gap statement records it
window = 64   # statements signed and in flight before a receipt

# Sensors: one [[sensor]] table each. driver = desk | climate | energy | linux | exec.
# interval: seconds between readings; heartbeat: a statement at least this often even without change.

[[sensor]]
driver = "climate"   # simulated temperature and relative humidity
interval = 10
heartbeat = 300
seed = 1

# [[sensor]]
# driver = "exec"   # runs a command that prints {"name": {"v": 1.5, "u": "Cel"}} or {"name": 1.5}
# command = ["/usr/local/bin/read-sensor", "--json"]
# timeout = 5
# interval = 30
# heartbeat = 600
`;
}
