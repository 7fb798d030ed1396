import { DEFAULT_AVATAR_PREFIX } from "@tet/schemas";
import type { Command } from "../commandLine/index.js";
import { parseArgs, UsageError } from "../commandLine/index.js";
import { type IpRunner, ipCommand, routeDown, routeIsUp, routeUp } from "./localRoute.js";

/**
 * `tet-backend net up|down|status [--prefix P] [--dev lo]`: installs or removes the local route for
 * the avatar prefix (env TET_AVATAR_PREFIX, default the ULA `fd54:4554:1::/64`). Needs CAP_NET_ADMIN.
 */
export function netCommand(ip: IpRunner = ipCommand): Command {
  return {
    name: "net",
    summary: "install (up) or remove (down) the local route for the avatar IPv6 prefix",
    usage: "net up|down|status [--prefix PREFIX/64] [--dev lo]",
    async run(args, io) {
      const [sub, ...rest] = args;
      const { options, positional } = parseArgs(rest, ["prefix", "dev"]);
      if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
      const prefix = options.get("prefix") ?? process.env.TET_AVATAR_PREFIX ?? DEFAULT_AVATAR_PREFIX;
      const dev = options.get("dev") ?? "lo";
      try {
        if (sub === "up") io.stdout(`local route ${await routeUp({ prefix, dev, ip })} dev ${dev}: up\n`);
        else if (sub === "down")
          io.stdout(`local route ${await routeDown({ prefix, dev, ip })} dev ${dev}: down\n`);
        else if (sub === "status") io.stdout(`${(await routeIsUp({ prefix, ip })) ? "up" : "down"}\n`);
        else throw new UsageError("the subcommand is up, down or status");
      } catch (e) {
        if (e instanceof UsageError || (e as { code?: unknown }).code === "ID_INVALID") throw e;
        io.stderr(`error NET_ROUTE_FAILED: ${((e as { stderr?: string }).stderr ?? String(e)).trim()}\n`);
        return 1;
      }
      return 0;
    },
  };
}

/** `tet-backend net` with the system's `ip`. */
export const net: Command = netCommand();
