import { existsSync } from "node:fs";
import { nodeVerifier } from "@tet/schemas/node";
import type { CliIo, Command } from "../commandLine/index.js";
import { dispatch, parseArgs, UsageError } from "../commandLine/index.js";
import { custodianCommand } from "../custodian/index.js";
import { nodeHasher, openStore, projectionDigest, rebuildProjections } from "../ledger/index.js";
import { net } from "../net/index.js";
import { oracleCommand } from "../oracle/index.js";
import { invite, serve } from "../server/index.js";

/**
 * `tet-backend rebuild`: re-derives every projection from the log under the acceptance rules,
 * compares them with the stored rows (a row edited in the database is a difference), prints the
 * digest before and after, the differences and the entries not applied, and replaces the rows
 * (`--check`: compare only). Exits 0 when identical, 1 when anything differed.
 */
export const rebuild: Command = {
  name: "rebuild",
  summary: "re-derive projections from the log, compare with the stored ones, replace them",
  usage: "rebuild [--db FILE | --pg URL] [--check]",
  async run(args, io) {
    const check = args.includes("--check");
    const { options, positional } = parseArgs(
      args.filter((a) => a !== "--check"),
      ["db", "pg"],
    );
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
    const db = options.get("db");
    const pg = options.get("pg");
    if (db !== undefined && pg !== undefined) throw new UsageError("give --db or --pg, not both");
    const file = db ?? "./data/ledger.db";
    if (pg === undefined && !existsSync(file)) throw new UsageError(`no ledger database at ${file}`);
    const store = await openStore(pg === undefined ? { db: file } : { pg });
    try {
      const before = await projectionDigest(store);
      const r = await rebuildProjections(store, {
        verifier: nodeVerifier,
        hasher: nodeHasher,
        replace: !check,
      });
      const after = check ? before : await projectionDigest(store);
      const d = r.differences;
      const same = d.added + d.removed + d.changed === 0;
      io.stdout(
        `entries   ${r.entries}\nbefore    ${before.digest} (${before.rows} rows)\nafter     ${after.digest} (${after.rows} rows)\n` +
          `differ    ${d.changed} changed, ${d.removed} not from the log, ${d.added} missing\n` +
          d.examples.map((x) => `  ${x}\n`).join("") +
          `skipped   ${r.skipped.length} entries not applied\n` +
          r.skipped
            .slice(0, 10)
            .map((s) => `  index ${s.index} ${s.kind}: ${s.code}\n`)
            .join("") +
          `identical ${same ? "yes" : "no"}\n${check || same ? "" : "replaced  the stored rows by the log's\n"}`,
      );
      return same ? 0 : 1;
    } finally {
      await store.close();
    }
  },
};

/** The `tet-backend` subcommands; later issues add theirs (start, broker, …) here. */
export const TET_BACKEND_COMMANDS: Command[] = [serve, rebuild, net, invite, oracleCommand, custodianCommand];

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
