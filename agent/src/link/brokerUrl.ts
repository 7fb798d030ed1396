import { AgentError } from "../errors.js";

/** Where to connect, as mqtt.js and node:net want it. */
export interface BrokerAddress {
  protocol: "mqtt" | "mqtts";
  host: string;
  port: number;
}

/**
 * Parses an `mqtt://` or `mqtts://` URL. IPv6 literals come in brackets (RFC 3986 §3.2.2,
 * `mqtt://[::1]:1883`); node:net wants them without, which mqtt.js's own parser does not strip.
 * Default ports: 1883 and 8883 (IANA).
 */
export function parseBrokerUrl(url: string): BrokerAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch (cause) {
    throw new AgentError("CONFIG_INVALID", `broker url ${JSON.stringify(url)}`, { cause });
  }
  const protocol = u.protocol.slice(0, -1);
  if (protocol !== "mqtt" && protocol !== "mqtts")
    throw new AgentError("CONFIG_INVALID", `broker url must be mqtt:// or mqtts://, not ${u.protocol}//`);
  const host = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  const port = u.port === "" ? (protocol === "mqtt" ? 1883 : 8883) : Number(u.port);
  return { protocol, host, port };
}
