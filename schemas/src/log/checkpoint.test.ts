import { describe, expect, it } from "vitest";
import { isTetError } from "../errors.js";
import { generatePrivateKey, nobleSigner, nobleVerifier } from "../index.js";
import { type Checkpoint, formatCheckpoint, parseCheckpoint } from "./checkpoint.js";
import { leafHash } from "./hasher.js";
import { formatVerifierKey, noteKeyId, openNote, parseVerifierKey, signNote } from "./note.js";
import { openCheckpoint, signCheckpoint } from "./signedCheckpoint.js";

const root = leafHash(new Uint8Array([1, 2, 3]));
const cp: Checkpoint = { origin: "tet.example/log", size: 12345, root };
const signer = nobleSigner(generatePrivateKey());
const key = { name: "tet.example/log", publicKey: signer.publicKey };

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (isTetError(e)) return e.code;
    throw e;
  }
  return undefined;
};

describe("C2SP tlog-checkpoint body", () => {
  it("formats origin, decimal size and base64 root, one per line", () => {
    const text = formatCheckpoint(cp);
    expect(text).toBe(`tet.example/log\n12345\n${Buffer.from(root).toString("base64")}\n`);
    expect(parseCheckpoint(text)).toEqual(cp);
  });

  it("keeps extension lines", () => {
    const withExt = { ...cp, extensions: ["anchor 0xabc"] };
    expect(parseCheckpoint(formatCheckpoint(withExt))).toEqual(withExt);
  });

  it.each([
    ["no trailing newline", "o\n1\nAAAA"],
    ["leading zero", `o\n01\n${Buffer.from(root).toString("base64")}\n`],
    ["negative size", `o\n-1\n${Buffer.from(root).toString("base64")}\n`],
    ["short root", "o\n1\nAAAA\n"],
    ["missing root", "o\n1\n"],
    ["empty origin", `\n1\n${Buffer.from(root).toString("base64")}\n`],
    ["empty extension", `o\n1\n${Buffer.from(root).toString("base64")}\n\n`],
  ])("rejects %s", (_, text) => {
    expect(code(() => parseCheckpoint(text))).toBe("LOG_BAD_CHECKPOINT");
  });
});

describe("C2SP signed note", () => {
  it("computes the key ID as SHA-256(name || 0x0A || 0x01 || key)[:4] and round-trips verifier keys", () => {
    expect(noteKeyId(key)).toHaveLength(4);
    const vkey = formatVerifierKey(key);
    expect(vkey.startsWith("tet.example/log+")).toBe(true);
    expect(parseVerifierKey(vkey)).toEqual(key);
    expect(code(() => parseVerifierKey(vkey.replace(/\+[0-9a-f]{8}\+/, "+00000000+")))).toBe(
      "LOG_BAD_CHECKPOINT",
    );
  });

  it("matches a note signed by the Go reference (golang.org/x/mod/sumdb/note example)", () => {
    // Verifier key and signed note from the package documentation of golang.org/x/mod/sumdb/note.
    const vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const note =
      "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n" +
      "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    const text = openNote(note, parseVerifierKey(vkey), nobleVerifier);
    expect(text).toBe(
      "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
    );
  });

  it("signs and opens a checkpoint", () => {
    const note = signCheckpoint(cp, { signer });
    expect(note).toMatch(/\n\n\u2014 tet\.example\/log [A-Za-z0-9+/=]+\n$/);
    expect(openCheckpoint(note, { key, verifier: nobleVerifier })).toEqual(cp);
  });

  it("ignores signatures of unknown keys but needs one by the log key", () => {
    const other = nobleSigner(generatePrivateKey());
    const note = signNote(formatCheckpoint(cp), "someone-else", other);
    expect(code(() => openNote(note, key, nobleVerifier))).toBe("LOG_BAD_CHECKPOINT_SIGNATURE");
    const cosigned = `${signCheckpoint(cp, { signer })}${note.slice(note.lastIndexOf("\u2014"))}`;
    expect(openCheckpoint(cosigned, { key, verifier: nobleVerifier })).toEqual(cp);
  });

  it("rejects a checkpoint whose text was changed after signing", () => {
    const note = signCheckpoint(cp, { signer }).replace("12345", "12346");
    expect(code(() => openCheckpoint(note, { key, verifier: nobleVerifier }))).toBe(
      "LOG_BAD_CHECKPOINT_SIGNATURE",
    );
  });

  it("rejects a signature by the right name under another key", () => {
    const note = signCheckpoint(cp, { signer: nobleSigner(generatePrivateKey()), name: key.name });
    expect(code(() => openCheckpoint(note, { key, verifier: nobleVerifier }))).toBe(
      "LOG_BAD_CHECKPOINT_SIGNATURE",
    );
  });

  it.each([
    ["no blank line", (n: string) => n.replace("\n\n", "\n")],
    ["garbage signature line", (n: string) => `${n}not a signature\n`],
    ["no final newline", (n: string) => n.slice(0, -1)],
  ])("rejects a malformed note: %s", (_, mangle) => {
    expect(
      code(() => openCheckpoint(mangle(signCheckpoint(cp, { signer })), { key, verifier: nobleVerifier })),
    ).toBe("LOG_BAD_CHECKPOINT");
  });

  it("rejects a checkpoint for another origin", () => {
    const note = signCheckpoint({ ...cp, origin: "evil/log" }, { signer, name: key.name });
    expect(code(() => openCheckpoint(note, { key, verifier: nobleVerifier }))).toBe("LOG_BAD_CHECKPOINT");
  });
});
