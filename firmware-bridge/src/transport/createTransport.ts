import { BridgeError } from "../bridgeError.js";
import { serialTransport } from "./serialTransport.js";
import { stdioTransport } from "./stdioTransport.js";
import { tcpTransport } from "./tcpTransport.js";
import type { Transport } from "./transport.js";

/** A transport as a configuration names it (agent TOML `[[sensor]]` options, or JSON). */
export type TransportConfig =
  | { kind: "serial"; path: string; baudRate?: number }
  | { kind: "tcp"; host: string; port: number }
  | { kind: "stdio"; command?: string[] };

/**
 * Builds a transport from a URL-like string: `serial:/dev/ttyUSB0?baud=115200`, `tcp://host:port`
 * (IPv6 in brackets), `stdio:` (this process) — or a parsed `TransportConfig`.
 *
 * @example
 * const t = createTransport("serial:/dev/ttyACM0?baud=921600");
 */
export function createTransport(spec: string | TransportConfig, command?: string[]): Transport {
  const c = typeof spec === "string" ? parseTransport(spec, command) : spec;
  if (c.kind === "serial") return serialTransport(c.baudRate === undefined ? { path: c.path } : c);
  if (c.kind === "tcp") return tcpTransport(c);
  return stdioTransport(c.command);
}

/** Parses a transport string; TRANSPORT_INVALID for anything else. */
export function parseTransport(spec: string, command?: string[]): TransportConfig {
  if (spec.startsWith("serial:")) {
    const [path, query] = spec.slice("serial:".length).split("?");
    if (!path) throw new BridgeError("TRANSPORT_INVALID", `${spec}: no device path`);
    const baud = new URLSearchParams(query ?? "").get("baud");
    if (baud === null) return { kind: "serial", path };
    const baudRate = Number(baud);
    if (!Number.isInteger(baudRate) || baudRate <= 0)
      throw new BridgeError("TRANSPORT_INVALID", `${spec}: baud`);
    return { kind: "serial", path, baudRate };
  }
  if (spec.startsWith("tcp://")) {
    let url: URL;
    try {
      url = new URL(spec);
    } catch (e) {
      throw new BridgeError("TRANSPORT_INVALID", spec, { cause: e });
    }
    const port = Number(url.port);
    if (!url.hostname || !port) throw new BridgeError("TRANSPORT_INVALID", `${spec}: needs host and port`);
    return { kind: "tcp", host: url.hostname.replace(/^\[|\]$/g, ""), port };
  }
  if (spec === "stdio:" || spec === "stdio") return command ? { kind: "stdio", command } : { kind: "stdio" };
  throw new BridgeError("TRANSPORT_INVALID", `${spec} (serial:PATH, tcp://HOST:PORT or stdio:)`);
}
