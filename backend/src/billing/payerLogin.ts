import { randomBytes } from "node:crypto";
import { type Account, type Address, getAddress, type Hex, isAddress, isHex, verifyTypedData } from "viem";

/** The `purpose` every payer login states, so the signature cannot be taken for anything else. */
export const PAYER_LOGIN_PURPOSE = "tet-mqtt-login";

/** EIP-712 domain of the login: no chain id, a broker login is not a chain action. */
export const payerLoginDomain = { name: "TET MQTT login", version: "1" } as const;

/** EIP-712 type of the login message `{purpose, address, ts, nonce}`. */
export const payerLoginTypes = {
  Login: [
    { name: "purpose", type: "string" },
    { name: "address", type: "address" },
    { name: "ts", type: "uint64" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

/** A payer login's password, parsed: the signed message's `ts` (ms) and `nonce`, and the signature. */
export interface PayerLoginProof {
  ts: number;
  nonce: Hex;
  signature: Hex;
}

/** The username prefix of a payer: `payer:0x…` (the address in any case). */
export const PAYER_USERNAME_PREFIX = "payer:";

/** The payer's address from a `payer:0x…` username (lowercase), or undefined. */
export function payerAddressOf(username: string): Address | undefined {
  if (!username.startsWith(PAYER_USERNAME_PREFIX)) return undefined;
  const a = username.slice(PAYER_USERNAME_PREFIX.length);
  return isAddress(a, { strict: false }) ? (a.toLowerCase() as Address) : undefined;
}

/** A payer's client id must start with this (then optionally `-anything`): it cannot take a device's id. */
export const payerClientId = (address: string) => `payer-${address.toLowerCase()}`;

/** Parses the password `{"ts":…,"nonce":"0x…32 bytes","signature":"0x…65 bytes"}`; undefined if malformed. */
export function parsePayerProof(password: Uint8Array): PayerLoginProof | undefined {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(Buffer.from(password).toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof m !== "object" || m === null || Object.keys(m).length !== 3) return undefined;
  const { ts, nonce, signature } = m;
  if (typeof ts !== "number" || !Number.isSafeInteger(ts) || ts < 0) return undefined;
  if (typeof nonce !== "string" || !isHex(nonce) || nonce.length !== 66) return undefined;
  if (typeof signature !== "string" || !isHex(signature) || signature.length !== 132) return undefined;
  return { ts, nonce, signature };
}

/**
 * True when `proof` is the EIP-712 signature of `{purpose: "tet-mqtt-login", address, ts, nonce}` by
 * `address` (ECDSA recovery; a garbled signature is false, not an error).
 */
export async function verifyPayerProof(address: Address, proof: PayerLoginProof): Promise<boolean> {
  try {
    return await verifyTypedData({
      address,
      domain: payerLoginDomain,
      types: payerLoginTypes,
      primaryType: "Login",
      message: { purpose: PAYER_LOGIN_PURPOSE, address, ts: BigInt(proof.ts), nonce: proof.nonce },
      signature: proof.signature,
    });
  } catch {
    return false;
  }
}

/**
 * Signs a fresh payer login for the embedded broker (what a wallet does): MQTT username
 * `payer:{address}`, client id `payer-{address}`, password the JSON proof. Use it once: the nonce is
 * single-use and `ts` must be within ±60 s of the broker's clock.
 *
 * @example
 * const client = await mqtt.connectAsync(url, { ...(await signPayerLogin({ account })), protocolVersion: 4 });
 */
export async function signPayerLogin(args: {
  account: Account;
  ts?: number;
  nonce?: Hex;
}): Promise<{ username: string; password: string; clientId: string }> {
  if (!args.account.signTypedData) throw new TypeError("account cannot sign typed data");
  const address = getAddress(args.account.address);
  const ts = args.ts ?? Date.now();
  const nonce = args.nonce ?? (`0x${randomBytes(32).toString("hex")}` as Hex);
  const signature = await args.account.signTypedData({
    domain: payerLoginDomain,
    types: payerLoginTypes,
    primaryType: "Login",
    message: { purpose: PAYER_LOGIN_PURPOSE, address, ts: BigInt(ts), nonce },
  });
  return {
    username: `${PAYER_USERNAME_PREFIX}${address}`,
    password: JSON.stringify({ ts, nonce, signature }),
    clientId: payerClientId(address),
  };
}
