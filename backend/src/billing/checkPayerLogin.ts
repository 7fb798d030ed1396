import { BrokerError, type FamilyLogin, type FamilyLoginContext, type NonceCache } from "../broker/index.js";
import { BillingError } from "./billingError.js";
import { parsePayerProof, payerAddressOf, payerClientId, verifyPayerProof } from "./payerLogin.js";

/**
 * Checks a payer's MQTT login: username `payer:{0x address}`, client id `payer-{address}` (optionally
 * `-suffix`, so a payer can never take over a device's `tet-{id}` session), password the JSON
 * `{ts, nonce, signature}` where `signature` is the address's EIP-712 signature of
 * `Login{purpose: "tet-mqtt-login", address, ts, nonce}`; `ts` within the login window, `nonce` single
 * use. Resolves to the payer's address (lowercase), or rejects with a refusal the broker counts and
 * answers CONNACK "not authorized" (a `BrokerError` for what any login can get wrong, a
 * `BillingError` for what only a payer's can).
 */
export async function checkPayerLogin(
  login: FamilyLogin,
  ctx: FamilyLoginContext & { nonces: NonceCache },
): Promise<string> {
  const address = payerAddressOf(login.username);
  if (address === undefined) throw new BrokerError("LOGIN_BAD_CREDENTIAL", "username is not payer:0x…");
  const id = payerClientId(address);
  if (login.clientId !== id && !login.clientId.startsWith(`${id}-`))
    throw new BrokerError("LOGIN_BAD_CLIENT_ID", login.clientId.slice(0, 64));
  if (login.password.length > 512)
    throw new BillingError("LOGIN_PAYER_MALFORMED", `${login.password.length} bytes`);
  const proof = parsePayerProof(login.password);
  if (proof === undefined) throw new BillingError("LOGIN_PAYER_MALFORMED");
  const now = ctx.now();
  // Cheap checks before the signature: a stale login costs no ECDSA recovery.
  if (Math.abs(proof.ts - now) > ctx.windowMs)
    throw new BrokerError("LOGIN_STALE", `ts is ${proof.ts - now} ms from now`);
  if (!ctx.spend()) throw new BrokerError("LOGIN_RATE_LIMITED", "address");
  if (!(await verifyPayerProof(address, proof))) throw new BillingError("LOGIN_PAYER_BAD_SIGNATURE");
  // Remembered only after the signature verified, so junk cannot fill the cache.
  const used = ctx.nonces.use(`payer:${address}/${proof.nonce.toLowerCase()}`, now);
  if (used === "replay") throw new BrokerError("LOGIN_REPLAY");
  if (used === "full") throw new BrokerError("LOGIN_BUSY");
  return address;
}
