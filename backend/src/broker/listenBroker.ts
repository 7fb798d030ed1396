import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { type AddressInfo, createServer, type Server } from "node:net";
import type { Duplex } from "node:stream";
import type { Aedes } from "aedes";
import { createWebSocketStream, type WebSocket, WebSocketServer } from "ws";
import { addressKey } from "./addressKey.js";
import { guardPacketSize } from "./guardPacketSize.js";

/** Where and how the broker listens. */
export interface ListenOptions {
  /** MQTT over TCP (0 picks a free port). */
  port: number;
  /** Addresses to listen on (default `::` and `0.0.0.0`). */
  hosts: string[] | undefined;
  /** MQTT over WebSocket at `/mqtt` (default off). */
  wsPort: number | undefined;
  maxConnectBytes: number;
  maxPacketBytes: number;
  /** Connections from one source address (IPv4, IPv6 /64) not yet logged in; more are closed at once. */
  maxConnectingPerAddress: number;
  /** A connection was closed for `maxConnectingPerAddress`. */
  onTooMany: (address: string) => void;
  /** A packet too large was refused from `address`. */
  onOversize: (address: string | undefined, declared: number, limit: number) => void;
  log: (line: string) => void;
}

/** The servers listening, and the WebSocket below each MQTT-over-WebSocket stream. */
export interface Listening {
  servers: (Server | HttpServer)[];
  port: number;
  wsPort: number | undefined;
  listening: string[];
  sockets: WeakMap<Duplex, WebSocket>;
}

/**
 * Opens the broker's listeners — TCP on IPv6 and IPv4, and MQTT over WebSocket — with every
 * connection's packets size-checked before aedes buffers them (`guardPacketSize`); a WebSocket
 * message is limited too (ws `maxPayload`: ws collects a message whole before handing it on). A
 * source address may have at most `maxConnectingPerAddress` connections that have not logged in yet
 * (aedes keeps one for its `connectTimeout` before a CONNECT arrives): idle sockets opened by the
 * thousand cost memory, not just a port.
 */
export async function listenBroker(aedes: Aedes, opts: ListenOptions): Promise<Listening> {
  const servers: (Server | HttpServer)[] = [];
  const listening: string[] = [];
  const sockets = new WeakMap<Duplex, WebSocket>();
  const connecting = new Map<string, number>();
  const loggedIn = new WeakMap<object, () => void>();
  aedes.on("clientReady", (client) => loggedIn.get(client.conn)?.());
  /** Size-checks the stream and counts it as connecting until it logs in or closes; false: refused. */
  const guard = (stream: Duplex, address: string | undefined): boolean => {
    const key = addressKey(address);
    const n = connecting.get(key) ?? 0;
    if (n >= opts.maxConnectingPerAddress) {
      opts.onTooMany(key);
      stream.destroy();
      return false;
    }
    connecting.set(key, n + 1);
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      const left = (connecting.get(key) ?? 1) - 1;
      if (left === 0) connecting.delete(key);
      else connecting.set(key, left);
    };
    loggedIn.set(stream, release);
    stream.once("close", release);
    guardPacketSize(stream, {
      maxConnect: opts.maxConnectBytes,
      maxPacket: opts.maxPacketBytes,
      onOversize: (declared, limit) => opts.onOversize(address, declared, limit),
    });
    return true;
  };
  let port = opts.port;
  for (const host of opts.hosts ?? ["::", "0.0.0.0"]) {
    const server = createServer((socket) => {
      if (guard(socket, socket.remoteAddress)) aedes.handle(socket);
    });
    try {
      await listen(server, port, host, host === "::");
    } catch (e) {
      // A host without IPv6 gets IPv4 only; a port that something else holds on IPv6 is refused:
      // devices dialling [::1]:port would reach that other broker, not this one.
      const taken = (e as NodeJS.ErrnoException).code === "EADDRINUSE";
      if (host === "::" && (opts.hosts ?? []).length === 0 && !taken) {
        opts.log(`broker: no IPv6 listener (${String(e)}); IPv4 only`);
        continue;
      }
      throw e;
    }
    port = (server.address() as AddressInfo).port;
    servers.push(server);
    listening.push(host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`);
  }

  let wsPort: number | undefined;
  if (opts.wsPort !== undefined) {
    const http = createHttpServer((_, res) => res.writeHead(426).end("MQTT over WebSocket at /mqtt\n"));
    // [MQTT-6.0.0-2]: a WebSocket message may hold several MQTT packets, so room for a few.
    const maxPayload = Math.max(4 * opts.maxPacketBytes, 64 * 1024);
    const wss = new WebSocketServer({ server: http, path: "/mqtt", maxPayload });
    wss.on("connection", (ws, req) => {
      const stream = createWebSocketStream(ws);
      sockets.set(stream, ws);
      if (guard(stream, req.socket.remoteAddress)) aedes.handle(stream, req);
    });
    await listen(http, opts.wsPort, "::", false); // dual stack: browsers on IPv6 and IPv4
    wsPort = (http.address() as AddressInfo).port;
    servers.push(http);
    listening.push(`ws://[::]:${wsPort}/mqtt`);
  }
  return { servers, port, wsPort, listening, sockets };
}

function listen(server: Server | HttpServer, port: number, host: string, ipv6Only: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // A reconnect storm: thousands of SYNs at once; Node's default backlog (511) drops the rest, and
    // their clients wait for the kernel's SYN retransmission (1 s, then 3 s).
    server.listen({ port, host, ipv6Only, backlog: 4096 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
