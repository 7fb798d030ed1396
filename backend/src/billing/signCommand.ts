import { randomBytes } from "node:crypto";
import { type Ed25519Signer, objectIdFromText, type StatementOf, signStatement } from "@tet/schemas";

/**
 * A command statement for an object's device, signed by the billing key (a delegate of the object):
 * `start-session` when a paid session opens, `stop-session` when payment falls short. A fresh
 * random id makes each one distinct; it expires `ttlMs` after `now`.
 *
 * @example
 * const bytes = signCommand({ object, name: "stop-session", args: { session }, now, ttlMs: 300_000, signer });
 * await ledger.append(bytes);
 */
export function signCommand(o: {
  object: string;
  name: string;
  args: Record<string, string>;
  now: number;
  ttlMs: number;
  signer: Ed25519Signer;
}): Uint8Array {
  const cmd: StatementOf<"command"> = {
    v: 1,
    t: "command",
    ts: o.now,
    obj: objectIdFromText(o.object),
    id: new Uint8Array(randomBytes(16)),
    name: o.name,
    expires: o.now + o.ttlMs,
    args: o.args,
  };
  return signStatement(cmd, o.signer);
}
