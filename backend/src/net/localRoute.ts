import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parsePrefix } from "@tet/schemas";

/** Runs `ip` with arguments and returns stdout; injected in tests. */
export type IpRunner = (args: string[]) => Promise<string>;

const run = promisify(execFile);
/** The real `ip` (iproute2). */
export const ipCommand: IpRunner = async (args) => (await run("ip", args)).stdout;

/** The prefix in canonical form (`fd54:4554:1::/64`), or ID_INVALID for anything that is not a /64. */
export function canonicalPrefix(prefix: string): string {
  const net = parsePrefix(prefix);
  return `${net.startAddress().correctForm()}/64`;
}

/**
 * Installs the local route for the avatar prefix (`ip -6 route replace local PREFIX dev lo`), so the
 * kernel delivers every address of the prefix to local sockets and one server on `::` answers them
 * all. `replace` makes it idempotent.
 */
export async function routeUp(opts: { prefix: string; dev?: string; ip?: IpRunner }): Promise<string> {
  const prefix = canonicalPrefix(opts.prefix);
  await (opts.ip ?? ipCommand)(["-6", "route", "replace", "local", prefix, "dev", opts.dev ?? "lo"]);
  return prefix;
}

/** Removes the local route for the prefix; idempotent (no route is not an error). */
export async function routeDown(opts: { prefix: string; dev?: string; ip?: IpRunner }): Promise<string> {
  const prefix = canonicalPrefix(opts.prefix);
  const ip = opts.ip ?? ipCommand;
  const shown = await ip(["-6", "route", "show", "table", "local", prefix]);
  if (shown.trim() !== "") await ip(["-6", "route", "del", "local", prefix, "dev", opts.dev ?? "lo"]);
  return prefix;
}

/** True when the local route for the prefix is installed. */
export async function routeIsUp(opts: { prefix: string; ip?: IpRunner }): Promise<boolean> {
  const shown = await (opts.ip ?? ipCommand)([
    "-6",
    "route",
    "show",
    "table",
    "local",
    canonicalPrefix(opts.prefix),
  ]);
  return shown.trim() !== "";
}
