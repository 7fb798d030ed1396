import {
  type CborValue,
  CHAINED_KINDS,
  objectIdToText,
  signStatement,
  validateStatement,
} from "@tet/schemas";
import type { CliIo } from "../../commandLine/index.js";
import { readSigner } from "../../commandLine/index.js";
import { apiBase, getJson, postStatement, remote } from "./apiClient.js";

/**
 * The `v` and `prev` of a statement about `obj`: a chained kind (transfer, key, relation, warranty)
 * is version 2 and names the object's last authority statement, read from its passport
 * (`authority.prev`); every other kind is version 1 without `prev`.
 */
export async function chainFields(
  base: string,
  t: string,
  obj: Uint8Array,
): Promise<{ v: number; prev?: string }> {
  if (!(CHAINED_KINDS as readonly string[]).includes(t)) return { v: 1 };
  const p = await getJson<{ authority?: { prev: string } }>(base, `/v1/objects/${objectIdToText(obj)}`);
  if (p.authority === undefined) return { v: 2 }; // the ledger names what it expects in its refusal
  return { v: 2, prev: p.authority.prev };
}

/** A statement's fields as a command builds them, before `v`, `ts` and `prev` are added. */
export type StatementFields = { [key: string]: CborValue | undefined };

/**
 * Signs a statement with the key file `--key` (adding `v`, `ts` and, for a chained kind, `prev`),
 * posts it to the API and prints the answer as JSON: what `tet transfer`, `tet warranty` and
 * `tet command` share.
 */
export async function signAndPost(
  io: CliIo,
  opts: {
    options: Map<string, string>;
    keyPath: string;
    statement: StatementFields;
  },
): Promise<number> {
  const signer = await readSigner(opts.keyPath);
  const base = apiBase(opts.options);
  return remote(io, async () => {
    const { t, obj } = opts.statement as { t: string; obj: Uint8Array };
    const chain = await chainFields(base, t, obj);
    const prev = chain.prev === undefined ? {} : { prev: Uint8Array.from(Buffer.from(chain.prev, "hex")) };
    // validateStatement turns the fields into a typed Statement (a wrong one fails with its code).
    const statement = validateStatement({ v: chain.v, ts: Date.now(), ...prev, ...opts.statement });
    const bytes = signStatement(statement, signer);
    const r = await postStatement(base, bytes);
    io.stdout(`${JSON.stringify(r)}\n`);
    return 0;
  });
}
