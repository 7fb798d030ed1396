import type { Hex } from "viem";
import { CustodianError } from "./custodianError.js";
import type { DepositMessage } from "./depositAttestation.js";

/** A signed Deposit attestation as JSON (amounts as decimal strings): what peers exchange. */
export interface AttestationJson {
  fund: string;
  amount: string;
  buyer: string;
  ref: string;
  minOut: string;
  deadline: string;
  signer: string;
  signature: string;
}

export const attestationToJson = (m: DepositMessage, signer: Hex, signature: Hex): AttestationJson => ({
  fund: m.fund,
  amount: m.amount.toString(),
  buyer: m.buyer,
  ref: m.ref,
  minOut: m.minOut.toString(),
  deadline: m.deadline.toString(),
  signer,
  signature,
});

const HEX32 = /^0x[0-9a-f]{64}$/i;
const ADDRESS = /^0x[0-9a-f]{40}$/i;
const UINT = /^(0|[1-9]\d{0,77})$/;

/** Reads a peer's attestation strictly (shape only; the signer is recovered and checked after). */
export function attestationFromJson(v: unknown): { message: DepositMessage; signer: Hex; signature: Hex } {
  const o = v as Partial<Record<keyof AttestationJson, unknown>> | null;
  const ok =
    typeof o === "object" &&
    o !== null &&
    typeof o.fund === "string" &&
    HEX32.test(o.fund) &&
    typeof o.ref === "string" &&
    HEX32.test(o.ref) &&
    typeof o.buyer === "string" &&
    ADDRESS.test(o.buyer) &&
    typeof o.signer === "string" &&
    ADDRESS.test(o.signer) &&
    [o.amount, o.minOut, o.deadline].every((x) => typeof x === "string" && UINT.test(x)) &&
    typeof o.signature === "string" &&
    /^0x[0-9a-f]{130}$/i.test(o.signature);
  if (!ok) throw new CustodianError("BAD_PEER_ATTESTATION", "not a signed attestation");
  return {
    message: {
      fund: (o.fund as string).toLowerCase() as Hex,
      amount: BigInt(o.amount as string),
      buyer: o.buyer as Hex,
      ref: (o.ref as string).toLowerCase() as Hex,
      minOut: BigInt(o.minOut as string),
      deadline: BigInt(o.deadline as string),
    },
    signer: o.signer as Hex,
    signature: o.signature as Hex,
  };
}
