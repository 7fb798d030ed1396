import { BrokerError } from "./brokerError.js";
import type { LoginContext } from "./checkLogin.js";
import { parsePayerProof, payerAddressOf, payerClientId, verifyPayerProof } from "./payerLogin.js";
import type { Principal } from "./topicAcl.js";

/**
 * Checks a payer's MQTT login: username `payer:{0x address}`, client id `payer-{address}` (optionally
 * `-suffix`, so a payer can never take over a device's `tet-{id}` session), password the JSON
 * `{ts, nonce, signature}` where `signature` is the address's EIP-712 signature of
 * `Login{purpose: "tet-mqtt-login", address, ts, nonce}`; `ts` within the login window, `nonce` single
 * use. Resolves to the payer principal, or rejects with a `BrokerError` (CONNACK "not authorized").
 */
export async function checkPayerLogin(
  login: { clientId: string; username: string; password: Uint8Array },
  ctx: Pick<LoginContext, "nonces" | "windowMs" | "now" | "spend">,
): Promise<Principal> {
  const address = payerAddressOf(login.username);
  if (address === undefined) throw new BrokerError("LOGIN_BAD_CREDENTIAL", "username is not payer:0x…");
  const id = payerClientId(address);
  if (login.clientId !== id && !login.clientId.startsWith(`${id}-`))
    throw new BrokerError("LOGIN_BAD_CLIENT_ID", login.clientId.slice(0, 64));
  if (login.password.length > 512)
    throw new BrokerError("LOGIN_PAYER_MALFORMED", `${login.password.length} bytes`);
  const proof = parsePayerProof(login.password);
  if (proof === undefined) throw new BrokerError("LOGIN_PAYER_MALFORMED");
  const now = ctx.now();
  const window = ctx.windowMs ?? 60_000;
  // Cheap checks before the signature: a stale login costs no ECDSA recovery.
  if (Math.abs(proof.ts - now) > window)
    throw new BrokerError("LOGIN_STALE", `ts is ${proof.ts - now} ms from now`);
  if (ctx.spend?.() === false) throw new BrokerError("LOGIN_RATE_LIMITED", "address");
  if (!(await verifyPayerProof(address, proof))) throw new BrokerError("LOGIN_PAYER_BAD_SIGNATURE");
  // Remembered only after the signature verified, so junk cannot fill the cache.
  const used = ctx.nonces.use(`payer:${address}/${proof.nonce.toLowerCase()}`, now);
  if (used === "replay") throw new BrokerError("LOGIN_REPLAY");
  if (used === "full") throw new BrokerError("LOGIN_BUSY");
  return { kind: "payer", address };
}
