import type { Ed25519Signer, Ed25519Verifier } from "../crypto/index.js";
import { TetError } from "../errors.js";
import { type Checkpoint, formatCheckpoint, parseCheckpoint } from "./checkpoint.js";
import { type NoteKey, openNote, signNote } from "./note.js";

/**
 * Signs a checkpoint as a C2SP signed note with the log's Ed25519 key; the key name is the origin
 * unless given, as tlog-checkpoint recommends.
 *
 * @example
 * const note = signCheckpoint({ origin: "tet.example/log", size: 10, root }, { signer });
 */
export function signCheckpoint(cp: Checkpoint, opts: { signer: Ed25519Signer; name?: string }): string {
  return signNote(formatCheckpoint(cp), opts.name ?? cp.origin, opts.signer);
}

/**
 * Verifies a signed checkpoint with the log's key and returns its body. Throws
 * `LOG_BAD_CHECKPOINT_SIGNATURE` without a valid signature by `key`, and `LOG_BAD_CHECKPOINT` for
 * malformed text or an origin other than `origin` (defaults to the key name).
 */
export function openCheckpoint(
  note: string,
  opts: { key: NoteKey; verifier: Ed25519Verifier; origin?: string },
): Checkpoint {
  const cp = parseCheckpoint(openNote(note, opts.key, opts.verifier));
  const origin = opts.origin ?? opts.key.name;
  if (cp.origin !== origin) throw new TetError("LOG_BAD_CHECKPOINT", `origin ${cp.origin} is not ${origin}`);
  return cp;
}
