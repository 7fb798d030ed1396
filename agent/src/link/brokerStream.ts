import { createRequire } from "node:module";
import { createConnection } from "node:net";
import type { IClientOptions, StreamBuilder } from "mqtt";

const require = createRequire(import.meta.url);

/**
 * Opens the connection for one MQTT session. `mqtt.connect` builds its table of transports (WebSocket
 * with `ws`, `http`, `zlib`, TLS, SOCKS with `ip-address`) on its first call, whichever one the URL
 * names; that is about 2 MB of resident code the agent never runs. Plain
 * `mqtt://` is a node:net socket here, so the rest loads only when configured: `mqtts://` and a SOCKS
 * proxy (`MQTTJS_SOCKS_PROXY`, which `mqtt.connect` honours too) use mqtt.js's own builders, loaded
 * on first use, with their exact behaviour (server name, `rejectUnauthorized`, TLS errors). Like the
 * builder `mqtt.connect` makes, it connects to the options given here (mqtt.js calls it with the
 * client alone).
 */
export const brokerStream =
  (opts: IClientOptions): StreamBuilder =>
  (client) => {
    if (opts.protocol === "mqtts")
      return (require("mqtt/lib/connect/tls") as typeof import("mqtt/lib/connect/tls")).default(client, opts);
    if (opts.socksProxy)
      return (require("mqtt/lib/connect/tcp") as typeof import("mqtt/lib/connect/tcp")).default(client, opts);
    return createConnection({ host: opts.host ?? "localhost", port: opts.port ?? 1883 });
  };
