import { readFileSync } from "node:fs";
import { connect } from "node:net";

/** What a raw HTTP exchange came to: the first response (if any) and how the connection ended. */
export interface RawAnswer {
  /** Status of the first response, or 0 when none came. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Body bytes the client managed to write before the server closed or answered. */
  sent: number;
  /** The connection's end: `end`, `reset` (ECONNRESET/EPIPE), or `timeout`. */
  ended: "end" | "reset" | "timeout";
}

/**
 * A hostile HTTP/1.1 client on a raw socket: writes `head` (request line and headers, CRLF-ended,
 * without the blank line), then up to `bodyBytes` of body in 64 KiB chunks — as chunked transfer
 * coding when `chunked` — never waiting for the server, and stops writing as soon as a response
 * arrives or the socket fails. From `localAddress` (any 127.0.0.0/8 address on Linux is loopback).
 * Bounded by `timeoutMs`.
 */
export function rawRequest(opts: {
  host: string;
  port: number;
  head: string;
  bodyBytes: number;
  chunked?: boolean;
  localAddress?: string;
  timeoutMs?: number;
}): Promise<RawAnswer> {
  const chunk = Buffer.alloc(64 * 1024, 0x7b); // "{{{{…": not JSON, not CBOR
  return new Promise((resolve) => {
    const s = connect({
      host: opts.host,
      port: opts.port,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    let reply = Buffer.alloc(0);
    let sent = 0;
    let done = false;
    let answered = false;
    const finish = (ended: RawAnswer["ended"]) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      const text = reply.toString("latin1");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(":");
        if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({
        status: Number(statusLine.split(" ")[1] ?? 0),
        headers,
        body: rest.join("\r\n\r\n"),
        sent,
        ended,
      });
    };
    const timer = setTimeout(() => finish("timeout"), opts.timeoutMs ?? 20_000);
    s.on("data", (d) => {
      reply = Buffer.concat([reply, d]);
      answered = true;
      const text = reply.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return;
      const len = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
      if (len && reply.length >= end + 4 + Number(len[1])) finish("end");
    });
    s.on("end", () => finish("end"));
    s.on("error", (e) => finish((e as NodeJS.ErrnoException).code === "ETIMEDOUT" ? "timeout" : "reset"));
    s.on("connect", () => {
      s.write(`${opts.head}\r\n${opts.chunked ? "transfer-encoding: chunked\r\n" : ""}\r\n`);
      const pump = () => {
        while (!done && !answered && sent < opts.bodyBytes) {
          const n = Math.min(chunk.length, opts.bodyBytes - sent);
          const piece = chunk.subarray(0, n);
          sent += n;
          const ok = opts.chunked
            ? s.write(Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), piece, Buffer.from("\r\n")]))
            : s.write(piece);
          if (!ok) return void s.once("drain", pump);
        }
        if (!done && !answered && opts.chunked && sent >= opts.bodyBytes) s.write("0\r\n\r\n");
      };
      pump();
    });
  });
}

/** Resident set size of a process in bytes (Linux `/proc/PID/status`, VmRSS). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (m === null) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}
