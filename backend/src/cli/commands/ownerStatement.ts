import type { Statement } from "@tet/schemas";
import { signStatement } from "@tet/schemas";
import type { CliIo } from "../io.js";
import { apiBase, postStatement, remote } from "./apiClient.js";
import { readSigner } from "./readKey.js";

/**
 * Signs a statement with the key file `--key` (adding `v` and `ts`), posts it to the API and prints
 * the answer as JSON: what `tet transfer`, `tet warranty` and `tet command` share.
 */
export async function signAndPost(
  io: CliIo,
  opts: { options: Map<string, string>; keyPath: string; statement: Record<string, unknown> },
): Promise<number> {
  const signer = await readSigner(opts.keyPath);
  const bytes = signStatement({ v: 1, ts: Date.now(), ...opts.statement } as unknown as Statement, signer);
  return remote(io, async () => {
    const r = await postStatement(apiBase(opts.options), bytes);
    io.stdout(`${JSON.stringify(r)}\n`);
    return 0;
  });
}
