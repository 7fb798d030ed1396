import { existsSync } from "node:fs";
import { openStore } from "../ledger/openStore.js";
import { projectionDigest, rebuildProjections } from "../ledger/rebuild.js";
import { net } from "../net/netCommand.js";
import { invite } from "../server/inviteCommand.js";
import { serve } from "../server/serveCommand.js";
import { dispatch, parseArgs, UsageError } from "./dispatch.js";
import type { CliIo, Command } from "./io.js";

/** `tet-backend rebuild`: re-derives every projection from the log and shows the digest before and after. */
export const rebuild: Command = {
  name: "rebuild",
  summary: "re-derive projections from the log (prints their digest before and after)",
  usage: "rebuild [--db FILE | --pg URL]",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["db", "pg"]);
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
    const db = options.get("db");
    const pg = options.get("pg");
    if (db !== undefined && pg !== undefined) throw new UsageError("give --db or --pg, not both");
    const file = db ?? "./data/ledger.db";
    if (pg === undefined && !existsSync(file)) throw new UsageError(`no ledger database at ${file}`);
    const store = await openStore(pg === undefined ? { db: file } : { pg });
    try {
      const before = await projectionDigest(store);
      const { entries } = await rebuildProjections(store);
      const after = await projectionDigest(store);
      io.stdout(
        `entries   ${entries}\nbefore    ${before.digest} (${before.rows} rows)\nafter     ${after.digest} (${after.rows} rows)\n` +
          `identical ${before.digest === after.digest ? "yes" : "no"}\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};

/** The `tet-backend` subcommands; later issues add theirs (start, broker, …) here. */
export const TET_BACKEND_COMMANDS: Command[] = [serve, rebuild, net, invite];

/**
 * The `tet-backend` command: operates a backend's ledger and services. Testable in-process; returns
 * the exit code.
 *
 * @example
 * process.exitCode = await main(["rebuild", "--db", "data/ledger.db"], processIo);
 */
export function main(argv: string[], io: CliIo): Promise<number> {
  return dispatch("tet-backend", TET_BACKEND_COMMANDS, argv, io);
}
