import { writeFile } from "node:fs/promises";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { apiBase, call, oneId, remote } from "./apiClient.js";
import { timeArg } from "./objectIdArg.js";

/**
 * `tet provider statement ID [--from DATE] [--to DATE] [--format csv|json] [--out FILE]`: the
 * provider's statement for one object and period — every settled session with its amounts (TET base
 * units), the 0.1 % fee and the on-chain transaction — as JSON or CSV.
 */
export const providerCommand: Command = {
  name: "provider",
  summary: "provider statement of an object and period (settlements with transactions), CSV or JSON",
  usage: "provider statement ID [--from DATE] [--to DATE] [--format csv|json] [--out FILE] [--api URL]",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== "statement") throw new UsageError("the subcommand is statement");
    const { options, positional } = parseArgs(rest, ["from", "to", "format", "out", "api"]);
    const id = oneId(positional);
    const format = options.get("format") ?? "json";
    if (format !== "csv" && format !== "json") throw new UsageError("--format is csv or json");
    const q = new URLSearchParams({ format });
    if (options.has("from")) q.set("from", String(timeArg(options.get("from")!, "from")));
    if (options.has("to")) q.set("to", String(timeArg(options.get("to")!, "to")));
    return remote(io, async () => {
      const res = await call(
        apiBase(options),
        `/v1/objects/${encodeURIComponent(id)}/provider-statement?${q}`,
      );
      const text = await res.text();
      const out = options.get("out");
      if (out) await writeFile(out, text);
      else io.stdout(text.endsWith("\n") ? text : `${text}\n`);
      return 0;
    });
  },
};
