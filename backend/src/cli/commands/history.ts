import type { HistoryItem } from "../../api/index.js";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { apiBase, getJson, oneId, remote } from "./apiClient.js";

/**
 * `tet history ID [--kind K] [--limit N] [--after INDEX]`: the object's statements in log order, one
 * line each (log index, time, kind, signer, statement JSON); `--all yes` follows the pages to the end.
 */
export const history: Command = {
  name: "history",
  summary: "list an avatar's statements with their log index",
  usage: "history ID [--kind KIND] [--limit N] [--after INDEX] [--all yes] [--api URL]",
  async run(args, io) {
    const { options, positional } = parseArgs(args, ["api", "kind", "limit", "after", "all"]);
    const id = oneId(positional);
    for (const k of ["limit", "after"])
      if (options.has(k) && !/^\d+$/.test(options.get(k) as string))
        throw new UsageError(`--${k} is a number`);
    return remote(io, async () => {
      let after = options.get("after");
      for (;;) {
        const q = new URLSearchParams();
        for (const k of ["kind", "limit"]) if (options.has(k)) q.set(k, options.get(k) as string);
        if (after !== undefined) q.set("after", after);
        const page = await getJson<{ items: HistoryItem[]; next?: number }>(
          apiBase(options),
          `/v1/objects/${encodeURIComponent(id)}/history?${q}`,
        );
        for (const e of page.items) {
          const when = new Date(e.ts).toISOString();
          io.stdout(
            `${String(e.index).padStart(8)}  ${when}  ${e.kind.padEnd(14)} ${e.signer ?? "(pruned)"}  ${JSON.stringify(e.statement ?? {})}\n`,
          );
        }
        if (!options.has("all") || page.next === undefined || page.items.length === 0) return 0;
        after = String(page.next);
      }
    });
  },
};
