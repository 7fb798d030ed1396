import { base64 } from "@scure/base";
import { TetError } from "../errors.js";
import { HASH_SIZE } from "./hasher.js";

/** The body of a C2SP tlog-checkpoint: the log's origin, its size and its root hash. */
export interface Checkpoint {
  /** Unique identity of the log, e.g. "tet.example/log" (C2SP tlog-checkpoint: origin line). */
  origin: string;
  /** Number of leaves. */
  size: number;
  /** RFC 9162 root hash of the first `size` leaves. */
  root: Uint8Array;
  /** Optional extension lines, opaque to this format. */
  extensions?: string[];
}

const bad = (why: string): never => {
  throw new TetError("LOG_BAD_CHECKPOINT", why);
};

/**
 * The checkpoint body as C2SP tlog-checkpoint text: origin, decimal size and base64 root, one per
 * line, then any extension lines; every line ends with a newline. This is the text a signed note
 * signs.
 */
export function formatCheckpoint(cp: Checkpoint): string {
  if (cp.origin === "" || /[\n]/.test(cp.origin)) bad("origin must be one non-empty line");
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) bad("size must be a safe non-negative integer");
  if (cp.root.length !== HASH_SIZE) bad("root must be 32 bytes");
  const ext = cp.extensions ?? [];
  for (const line of ext)
    if (line === "" || line.includes("\n")) bad("extension lines must be non-empty single lines");
  // C2SP tlog-checkpoint: origin, decimal tree size, base64 root hash, then extension lines
  return [cp.origin, String(cp.size), base64.encode(cp.root), ...ext].map((l) => `${l}\n`).join("");
}

/**
 * Parses C2SP tlog-checkpoint text strictly (no leading zeros, 32-byte canonical base64 root,
 * trailing newline) and throws `LOG_BAD_CHECKPOINT` for anything else.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith("\n")) bad("text must end with a newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3) bad("origin, size and root lines are required");
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === "") bad("empty origin");
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) bad("size is not a canonical decimal"); // C2SP tlog-checkpoint: decimal, no leading zeros
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) bad("size is too large");
  let root: Uint8Array;
  try {
    root = base64.decode(rootText);
  } catch (cause) {
    throw new TetError("LOG_BAD_CHECKPOINT", "root is not base64", { cause });
  }
  if (root.length !== HASH_SIZE || base64.encode(root) !== rootText)
    bad("root is not 32 bytes in canonical base64");
  for (const line of extensions) if (line === "") bad("empty extension line");
  return extensions.length > 0 ? { origin, size, root, extensions } : { origin, size, root };
}
