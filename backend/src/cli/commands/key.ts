import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { oneId } from "./apiClient.js";
import { deviceKey } from "./avatar.js";
import { objectIdArg } from "./objectIdArg.js";
import { signAndPost } from "./ownerStatement.js";

const ROLES = ["device", "delegate", "issuer"] as const;

/**
 * `tet key add|revoke ID --bind KEY --role device|delegate|issuer --key OWNER-FILE`: the owner binds
 * or unbinds a key — a device key, a delegate's (events, commands, tariffs) or a warranty issuer's,
 * the owner's acceptance of that issuer (issue 23: a stranger's warranty is refused). KEY is a
 * did:key, 64 hex characters or a key file. Chained: `prev` comes from the passport.
 */
export const keyCommand: Command = {
  name: "key",
  summary: "bind or unbind a device, delegate or warranty issuer key (signed by the owner)",
  usage: "key add|revoke ID --bind KEY --role device|delegate|issuer --key FILE [--api URL]",
  async run(args, io) {
    const [action, ...rest] = args;
    if (action !== "add" && action !== "revoke") throw new UsageError("the action is add or revoke");
    const { options, positional } = parseArgs(rest, ["bind", "role", "key", "api"]);
    const obj = objectIdArg(oneId(positional));
    const bind = options.get("bind");
    const role = options.get("role");
    const keyPath = options.get("key");
    if (!bind || !role || !keyPath) throw new UsageError("--bind, --role and --key are required");
    if (!(ROLES as readonly string[]).includes(role))
      throw new UsageError(`--role is one of ${ROLES.join(", ")}`);
    const key = await deviceKey(bind);
    return signAndPost(io, { options, keyPath, statement: { t: "key", obj, action, key, role } });
  },
};
