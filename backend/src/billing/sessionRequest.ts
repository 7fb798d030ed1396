import { voucherDomain } from "@tet/contracts";
import { isDidKey, isObjectIdText } from "@tet/schemas";
import { type Account, type Address, type Hex, isHex, recoverTypedDataAddress } from "viem";
import { BillingError } from "./billingError.js";

/**
 * A payer's request to start a paid session (`POST /v1/objects/{id}/sessions`): the channel that
 * backs it, the payer's did:key (recorded by the device on every usage report, and the key that may
 * rate afterwards), and an EIP-712 signature by the channel's payer over all of it, which binds the
 * did to the EVM account that pays.
 */
export interface SessionRequest {
  object: string;
  session: string;
  channel: bigint;
  rater: string;
  signature: Hex;
}

/** EIP-712 type of the binding, in the Settlement contract's domain (name "TET Settlement", version "1"). */
export const sessionTypes = {
  Session: [
    { name: "channel", type: "uint256" },
    { name: "object", type: "string" },
    { name: "session", type: "string" },
    { name: "rater", type: "string" },
  ],
} as const;

const message = (r: Omit<SessionRequest, "signature">) => ({
  channel: r.channel,
  object: r.object,
  session: r.session,
  rater: r.rater,
});

/** Signs a session request as the channel's payer (EIP-712 `eth_signTypedData_v4`). */
export async function signSessionRequest(args: {
  account: Account;
  chainId: number;
  settlement: Address;
  request: Omit<SessionRequest, "signature">;
}): Promise<SessionRequest> {
  if (!args.account.signTypedData) throw new TypeError("account cannot sign typed data");
  const signature = await args.account.signTypedData({
    domain: voucherDomain(args),
    types: sessionTypes,
    primaryType: "Session",
    message: message(args.request),
  });
  return { ...args.request, signature };
}

/** The EVM address that signed the request (EIP-712 recovery), or undefined for a garbled signature. */
export async function sessionRequestSigner(args: {
  chainId: number;
  settlement: Address;
  request: SessionRequest;
}): Promise<Address | undefined> {
  try {
    return await recoverTypedDataAddress({
      domain: voucherDomain(args),
      types: sessionTypes,
      primaryType: "Session",
      message: message(args.request),
      signature: args.request.signature,
    });
  } catch {
    return undefined;
  }
}

/** Parses the JSON body `{ session, channel: "5", rater: "did:key:…", signature: "0x…" }`. */
export function parseSessionRequest(json: unknown, object: string): SessionRequest {
  const m = json as Record<string, unknown> | null;
  if (typeof m !== "object" || m === null) throw new BillingError("VOUCHER_MALFORMED", "session request");
  const { session, channel, rater, signature } = m;
  if (!isObjectIdText(object)) throw new BillingError("VOUCHER_MALFORMED", "object");
  if (typeof session !== "string" || !/^[\x21-\x7e]{1,64}$/.test(session))
    throw new BillingError("VOUCHER_MALFORMED", "session: 1–64 printable ASCII characters");
  if (typeof channel !== "string" || !/^[1-9][0-9]{0,77}$/.test(channel))
    throw new BillingError("VOUCHER_MALFORMED", "channel: decimal string");
  if (typeof rater !== "string" || !isDidKey(rater))
    throw new BillingError("VOUCHER_MALFORMED", "rater: did:key");
  if (typeof signature !== "string" || !isHex(signature) || signature.length !== 132)
    throw new BillingError("VOUCHER_MALFORMED", "signature: 65 bytes 0x-hex");
  return { object, session, channel: BigInt(channel), rater, signature };
}
