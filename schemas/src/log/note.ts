import { sha256 } from "@noble/hashes/sha2.js";
import { base64, hex } from "@scure/base";
import type { Ed25519Signer, Ed25519Verifier } from "../crypto/index.js";
import { TetError } from "../errors.js";

const SIG_ED25519 = 0x01; // C2SP signed-note: signature type of Ed25519 keys
const utf8 = new TextEncoder();
const MAX_SIGNATURES = 100;

/** A named Ed25519 note key: the name goes into every signature line. */
export interface NoteKey {
  name: string;
  publicKey: Uint8Array;
}

const bad = (why: string): never => {
  throw new TetError("LOG_BAD_CHECKPOINT", why);
};

function checkName(name: string): void {
  // C2SP signed-note: key names are non-empty and contain no Unicode spaces and no plus signs
  if (name === "" || /[\s+]/u.test(name)) bad(`invalid key name ${JSON.stringify(name)}`);
}

/**
 * The 4-byte key ID of an Ed25519 note key: SHA-256(name || 0x0A || 0x01 || public key)[:4], as
 * the C2SP signed-note spec defines it.
 */
export function noteKeyId(key: NoteKey): Uint8Array {
  checkName(key.name);
  const name = utf8.encode(key.name);
  const buf = new Uint8Array(name.length + 2 + key.publicKey.length);
  buf.set(name, 0);
  buf[name.length] = 0x0a;
  buf[name.length + 1] = SIG_ED25519;
  buf.set(key.publicKey, name.length + 2);
  return sha256(buf).slice(0, 4);
}

/** The verifier key string `name+hex(keyID)+base64(0x01 || pubkey)` that note tooling exchanges. */
export function formatVerifierKey(key: NoteKey): string {
  const typed = new Uint8Array(33);
  typed[0] = SIG_ED25519;
  typed.set(key.publicKey, 1);
  return `${key.name}+${hex.encode(noteKeyId(key))}+${base64.encode(typed)}`;
}

/** Parses a `name+keyid+key` verifier key string and checks its key ID; throws `LOG_BAD_CHECKPOINT`. */
export function parseVerifierKey(text: string): NoteKey {
  // The base64 key may itself contain "+": split at the first two only.
  const m = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(text);
  if (m === null) bad("verifier key is not name+id+key");
  const [, name, id, key] = m as unknown as [string, string, string, string];
  let typed: Uint8Array;
  try {
    typed = base64.decode(key);
  } catch (cause) {
    throw new TetError("LOG_BAD_CHECKPOINT", "verifier key is not base64", { cause });
  }
  if (typed.length !== 33 || typed[0] !== SIG_ED25519) bad("verifier key is not an Ed25519 key");
  const out = { name, publicKey: typed.slice(1) };
  if (hex.encode(noteKeyId(out)) !== id) bad("verifier key ID does not match the key");
  return out;
}

function checkText(text: string): void {
  if (text === "" || !text.endsWith("\n")) bad("note text must end with a newline");
  // C2SP signed-note: no ASCII control characters other than newline
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the spec forbids exactly these
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) bad("note text contains control characters");
}

/**
 * Signs note text with an Ed25519 key and returns the signed note: the text, a blank line, and
 * `— name base64(keyID || signature)` (C2SP signed-note). Further signatures can be added by
 * signing the same text again and appending the line.
 */
export function signNote(text: string, name: string, signer: Ed25519Signer): string {
  checkText(text);
  const id = noteKeyId({ name, publicKey: signer.publicKey });
  const sig = signer.sign(utf8.encode(text));
  const blob = new Uint8Array(4 + sig.length);
  blob.set(id, 0);
  blob.set(sig, 4);
  return `${text}\n\u2014 ${name} ${base64.encode(blob)}\n`;
}

/**
 * Opens a signed note: splits text from signature lines, checks the syntax strictly, and returns the
 * text if at least one signature by `key` verifies. Throws `LOG_BAD_CHECKPOINT` for a malformed
 * note and `LOG_BAD_CHECKPOINT_SIGNATURE` when no signature of `key` verifies (unknown keys'
 * signatures are ignored, as the spec asks).
 */
export function openNote(note: string, key: NoteKey, verifier: Ed25519Verifier): string {
  const split = note.lastIndexOf("\n\n");
  if (split < 0) bad("no signature block");
  const text = note.slice(0, split + 1);
  checkText(text);
  const sigBlock = note.slice(split + 2);
  if (!sigBlock.endsWith("\n")) bad("signature block must end with a newline");
  const lines = sigBlock.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) bad("too many signatures");
  const id = noteKeyId(key);
  const message = utf8.encode(text);
  let verified = false;
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line); // C2SP signed-note: "— <name> <base64 signature>"
    if (m === null) bad("malformed signature line");
    const [, name, b64] = m as unknown as [string, string, string];
    let blob: Uint8Array;
    try {
      blob = base64.decode(b64);
    } catch (cause) {
      throw new TetError("LOG_BAD_CHECKPOINT", "signature is not base64", { cause });
    }
    if (blob.length < 5) bad("signature is too short");
    if (name !== key.name || !blob.subarray(0, 4).every((b, i) => b === id[i])) continue;
    if (verifier.verify(blob.subarray(4), message, key.publicKey)) verified = true;
  }
  if (!verified) throw new TetError("LOG_BAD_CHECKPOINT_SIGNATURE", `no valid signature by ${key.name}`);
  return text;
}
