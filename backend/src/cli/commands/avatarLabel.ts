import { writeFile } from "node:fs/promises";
import type { CliIo } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { apiBase, call, oneId, remote } from "./apiClient.js";
import { objectIdArg } from "./objectIdArg.js";

/**
 * `tet avatar label ID [--out FILE] [--format svg|png] [--api URL]`: fetches the avatar's printable
 * label from the backend (its QR code names the passport URL at that address) and writes it to
 * FILE — the format from `--format`, else from FILE's extension, else SVG — or to standard output.
 */
export async function avatarLabel(args: string[], io: CliIo): Promise<number> {
  const { options, positional } = parseArgs(args, ["out", "format", "api"]);
  const id = oneId(positional);
  objectIdArg(id);
  const out = options.get("out");
  const format = options.get("format") ?? (out?.toLowerCase().endsWith(".png") ? "png" : "svg");
  if (format !== "svg" && format !== "png") throw new UsageError("--format is svg or png");
  return remote(io, async () => {
    const res = await call(apiBase(options), `/o/${id}/label.${format}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (out === undefined) io.stdout(bytes);
    else {
      await writeFile(out, bytes);
      io.stderr(`wrote ${out} (${format.toUpperCase()}, ${bytes.length} bytes)\n`);
    }
    return 0;
  });
}
