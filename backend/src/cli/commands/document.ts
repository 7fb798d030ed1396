import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, UsageError } from "../../commandLine/index.js";
import { oneId } from "./apiClient.js";
import { objectIdArg } from "./objectIdArg.js";
import { signAndPost } from "./ownerStatement.js";

/** Media types by file extension (IANA registry names) for the files people attach to passports. */
const MEDIA_TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".json": "application/json",
  ".csv": "text/csv",
  ".html": "text/html",
};

/**
 * A content-addressed name for bytes: RFC 6920 §3 `ni:///sha-256;{base64url}` with the media type
 * as `ct` (§3.1), what a document points at when no URL to fetch it from is given.
 */
export function niUri(hash: Uint8Array, mediaType: string): string {
  return `ni:///sha-256;${Buffer.from(hash).toString("base64url")}?ct=${encodeURIComponent(mediaType)}`;
}

/**
 * `tet document add ID --file F --key FILE [--title T] [--type MEDIA] [--uri URI]`: the owner (or the
 * genesis maker) attaches a document — the file's SHA-256 and size go into the signed statement, so
 * anyone holding the file can check it is the one attached; `--uri` says where to fetch it (default
 * its RFC 6920 name), the media type comes from the extension unless given.
 */
export const documentCommand: Command = {
  name: "document",
  summary: "attach a document to an avatar: its SHA-256, size, media type and where to fetch it",
  usage: "document add ID --file FILE --key FILE [--title T] [--type MEDIA/TYPE] [--uri URI] [--api URL]",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== "add") throw new UsageError("the subcommand is add");
    const { options, positional } = parseArgs(rest, ["file", "key", "title", "type", "uri", "api"]);
    const obj = objectIdArg(oneId(positional));
    const file = options.get("file");
    const keyPath = options.get("key");
    if (!file || !keyPath) throw new UsageError("--file and --key are required");
    const bytes = await readFile(file).catch((e: Error) => {
      throw new UsageError(`cannot read ${file}: ${e.message}`);
    });
    const mediaType = options.get("type") ?? MEDIA_TYPES[extname(file).toLowerCase()];
    if (!mediaType) throw new UsageError(`--type is needed: no media type known for ${basename(file)}`);
    const hash = new Uint8Array(createHash("sha256").update(bytes).digest());
    const statement = {
      t: "document",
      obj,
      hash,
      mediaType,
      uri: options.get("uri") ?? niUri(hash, mediaType),
      title: options.get("title") ?? basename(file),
      size: bytes.length,
    };
    return signAndPost(io, { options, keyPath, statement });
  },
};
