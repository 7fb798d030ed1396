import { didKeyFromPublicKey, isDidKey } from "@tet/schemas";
import { signInvitation } from "../api/index.js";
import type { Command } from "../commandLine/index.js";
import { parseArgs, readSigner, UsageError } from "../commandLine/index.js";
import { BACKEND_OPTIONS } from "./backendOptions.js";

const DAY = 86_400_000;

/**
 * `tet-backend invite --key OPERATOR.pem --owner DID [--days N | --until DATE] [--origin O]`: the
 * operator signs an invitation (a C2SP signed note) that lets the owner `DID` create avatars on the
 * log `O` (default `TET_ORIGIN`, else the backend's default origin) until the date (default 30
 * days). Prints one base64url line: the owner sends it as the `tet-invitation` header with its
 * genesis (`tet avatar create --invitation …`). The backend trusts it with `admission_operator`.
 */
export const invite: Command = {
  name: "invite",
  summary: "sign an invitation that admits one owner key to create avatars (admission = invite)",
  usage: "invite --key OPERATOR_KEY_FILE --owner DID [--days N | --until YYYY-MM-DD] [--origin ORIGIN]",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["key", "owner", "days", "until", "origin"]);
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
    const key = options.get("key");
    const owner = options.get("owner");
    if (key === undefined || owner === undefined) throw new UsageError("--key and --owner are required");
    if (!isDidKey(owner))
      throw new UsageError(`--owner must be an Ed25519 did:key, got ${owner.slice(0, 80)}`);
    const days = options.get("days");
    const untilText = options.get("until");
    if (days !== undefined && untilText !== undefined)
      throw new UsageError("give --days or --until, not both");
    let until = Date.now() + 30 * DAY;
    if (days !== undefined) {
      if (!/^[1-9][0-9]{0,4}$/.test(days)) throw new UsageError("--days must be a whole number of days");
      until = Date.now() + Number(days) * DAY;
    }
    if (untilText !== undefined) {
      until = Date.parse(untilText);
      if (!Number.isFinite(until)) throw new UsageError(`--until is not a date: ${untilText}`);
    }
    const fallback = BACKEND_OPTIONS.find((o) => o.key === "origin")?.fallback as string;
    const log = options.get("origin") ?? (process.env.TET_ORIGIN || fallback);
    const signer = await readSigner(key);
    const token = signInvitation({ owner, log, until }, signer);
    io.stdout(`${token}\n`);
    io.stderr(
      `invitation for ${owner} on ${log} until ${new Date(until).toISOString()}, by ${didKeyFromPublicKey(signer.publicKey)}\n`,
    );
    return 0;
  },
};
