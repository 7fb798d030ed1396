import type { CliIo } from "../../commandLine/index.js";
import { UsageError } from "../../commandLine/index.js";

/** The default API endpoint: env TET_API, else the local backend on IPv6 loopback. */
export const DEFAULT_API = "http://[::1]:8080";

/** An RFC 9457 problem the API answered with (or a transport failure), shown as `error CODE: detail`. */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The base URL from `--api`, env TET_API or the default, without a trailing slash. */
export function apiBase(options: Map<string, string>): string {
  return (options.get("api") ?? process.env.TET_API ?? DEFAULT_API).replace(/\/+$/, "");
}

/** Calls the API and returns the response, or throws RemoteError with the problem's code. */
export async function call(base: string, path: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, init);
  } catch (e) {
    throw new RemoteError("API_UNREACHABLE", `${base}: ${(e as Error).cause ?? (e as Error).message}`);
  }
  if (res.ok) return res;
  const type = res.headers.get("content-type") ?? "";
  if (type.startsWith("application/problem+json")) {
    const p = (await res.json()) as { code?: string; detail?: string; title?: string };
    throw new RemoteError(p.code ?? `HTTP_${res.status}`, p.detail ?? p.title ?? res.statusText);
  }
  throw new RemoteError(`HTTP_${res.status}`, res.statusText);
}

/** GETs JSON. */
export async function getJson<T>(base: string, path: string): Promise<T> {
  return (await (await call(base, path, { headers: { accept: "application/json" } })).json()) as T;
}

/** POSTs one signed statement (extra headers: an invitation); returns the API's answer (index, object, kind, duplicate). */
export async function postStatement(base: string, bytes: Uint8Array, headers: Record<string, string> = {}) {
  const res = await call(base, "/v1/statements", {
    method: "POST",
    headers: { "content-type": "application/cose", ...headers },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  return (await res.json()) as {
    index: number;
    object: string;
    kind: string;
    duplicate: boolean;
    signer: string;
  };
}

/** Runs a command body and turns a RemoteError into `error CODE: message` and exit code 1. */
export async function remote(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof RemoteError) {
      io.stderr(`error ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** The one positional object id a command needs. */
export function oneId(positional: string[], what = "ID"): string {
  const [id] = positional;
  if (!id || positional.length > 1) throw new UsageError(`one ${what} is required`);
  return id;
}
