import { readFile } from "node:fs/promises";
import {
  decodeKeyFile,
  didKeyFromPublicKey,
  generatePrivateKey,
  isDidKey,
  publicKeyFromDidKey,
  publicKeyOf,
  type Statement,
  signStatement,
} from "@tet/schemas";
import type { Command } from "../../commandLine/index.js";
import { parseArgs, readSigner, UsageError } from "../../commandLine/index.js";
import { apiBase, getJson, postStatement, remote } from "./apiClient.js";
import { avatarLabel } from "./avatarLabel.js";

/** A public key given as did:key, 64 hex characters, or a key file (its public half). */
export async function deviceKey(text: string): Promise<Uint8Array> {
  if (isDidKey(text)) return publicKeyFromDidKey(text);
  if (/^[0-9a-f]{64}$/i.test(text)) return new Uint8Array(Buffer.from(text, "hex"));
  try {
    return publicKeyOf(decodeKeyFile(await readFile(text, "utf8")));
  } catch (e) {
    throw new UsageError(
      `--device-keys: ${text} is not a did:key, hex key or key file (${(e as Error).message})`,
    );
  }
}

const FIELDS = ["name", "model", "manufacturer", "maker", "serial"] as const;

/**
 * `tet avatar create --key FILE --class C [...]`: signs a genesis with the owner's key (the first
 * owner is the signer), posts it — with `--invitation` (or `TET_INVITATION`) when the backend admits
 * new owners by invitation — and prints the new object's id and IPv6 address as JSON.
 * `tet avatar label ID` writes the avatar's printable label (`avatarLabel`).
 */
export const avatar: Command = {
  name: "avatar",
  summary: "create an avatar (sign and post its genesis), or fetch its printable label",
  usage:
    "avatar create --key FILE --class CLASS [--name N] [--model M] [--manufacturer M] [--maker DID] [--serial S] [--device-keys K1,K2] [--invitation TOKEN] [--api URL]\n" +
    "       tet avatar label ID [--out FILE.svg|FILE.png] [--format svg|png] [--api URL]",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === "label") return avatarLabel(rest, io);
    if (sub !== "create") throw new UsageError("the subcommand is create or label");
    const { options, positional } = parseArgs(rest, [
      "key",
      "class",
      "device-keys",
      "invitation",
      "api",
      ...FIELDS,
    ]);
    if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
    const keyPath = options.get("key");
    const cls = options.get("class");
    if (!keyPath || !cls) throw new UsageError("--key and --class are required");
    const signer = await readSigner(keyPath);
    const keys = options.get("device-keys")?.split(",").filter(Boolean) ?? [];
    const statement = {
      v: 1,
      t: "genesis",
      ts: Date.now(),
      owner: didKeyFromPublicKey(signer.publicKey),
      class: cls,
      deviceKeys: await Promise.all(keys.map(deviceKey)),
      nonce: generatePrivateKey().subarray(0, 16),
      ...Object.fromEntries(FIELDS.flatMap((f) => (options.has(f) ? [[f, options.get(f)]] : []))),
    };
    const bytes = signStatement(statement as Statement, signer);
    return remote(io, async () => {
      const base = apiBase(options);
      // An operator's invitation (`tet-backend invite`), for a backend with admission = invite.
      const invitation = options.get("invitation") ?? (process.env.TET_INVITATION || undefined);
      const r = await postStatement(base, bytes, invitation ? { "tet-invitation": invitation } : {});
      const p = await getJson<{ address: string }>(base, `/v1/objects/${r.object}`);
      io.stdout(
        `${JSON.stringify({ id: r.object, address: p.address, index: r.index, owner: statement.owner })}\n`,
      );
      return 0;
    });
  },
};
