import type { SignedVoucher } from "@tet/contracts";
import { isObjectIdText } from "@tet/schemas";
import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";
import { BillingError } from "./billingError.js";

/**
 * A payment voucher on the wire (HTTP `POST /v1/objects/{id}/vouchers`, MQTT `tet/v1/o/{id}/pay`):
 * JSON, amounts as decimal strings. The voucher itself is the EIP-712 struct the Settlement contract
 * redeems, `Voucher(uint256 channel, address payee, uint256 cumulativeAmount, uint64 expiry)`, signed by
 * the channel's payer; `object` and `session` say which metered session it pays for.
 *
 * ```json
 * { "v": 1, "type": "tet-voucher", "object": "rvxq…", "session": "s1",
 *   "voucher": { "channel": "5", "payee": "0x…", "cumulativeAmount": "4305000000000000000", "expiry": "1795003600" },
 *   "signature": "0x…65 bytes" }
 * ```
 */
export interface VoucherMessage {
  object: string;
  session: string;
  signed: SignedVoucher;
}

const UINT = /^(0|[1-9][0-9]{0,77})$/;
const MAX_U256 = 2n ** 256n - 1n;

function uint(v: unknown, what: string, max = MAX_U256): bigint {
  if (typeof v !== "string" || !UINT.test(v))
    throw new BillingError("VOUCHER_MALFORMED", `${what}: decimal string`);
  const n = BigInt(v);
  if (n > max) throw new BillingError("VOUCHER_MALFORMED", `${what}: out of range`);
  return n;
}

/** Parses and validates a voucher message (strict: exact fields, sizes); VOUCHER_MALFORMED otherwise. */
export function parseVoucherMessage(json: unknown, expectObject?: string): VoucherMessage {
  const m = json as Record<string, unknown> | null;
  if (typeof m !== "object" || m === null || m.v !== 1 || m.type !== "tet-voucher")
    throw new BillingError("VOUCHER_MALFORMED", "not a tet-voucher v1 message");
  const object = m.object;
  if (typeof object !== "string" || !isObjectIdText(object) || (expectObject && object !== expectObject))
    throw new BillingError("VOUCHER_MALFORMED", "object");
  if (typeof m.session !== "string" || m.session.length < 1 || m.session.length > 64)
    throw new BillingError("VOUCHER_MALFORMED", "session");
  const v = m.voucher as Record<string, unknown> | null;
  if (typeof v !== "object" || v === null) throw new BillingError("VOUCHER_MALFORMED", "voucher");
  if (typeof v.payee !== "string" || !isAddress(v.payee, { strict: false }))
    throw new BillingError("VOUCHER_MALFORMED", "payee");
  const sig = m.signature;
  if (typeof sig !== "string" || !isHex(sig) || sig.length !== 132)
    throw new BillingError("VOUCHER_MALFORMED", "signature: 65 bytes 0x-hex");
  return {
    object,
    session: m.session,
    signed: {
      voucher: {
        channel: uint(v.channel, "channel"),
        payee: getAddress(v.payee) as Address,
        cumulativeAmount: uint(v.cumulativeAmount, "cumulativeAmount"),
        expiry: uint(v.expiry, "expiry", 2n ** 64n - 1n),
      },
      signature: sig as Hex,
    },
  };
}

/** The JSON form of a voucher message (what a payer sends). */
export function voucherMessageJson(m: VoucherMessage) {
  const v = m.signed.voucher;
  return {
    v: 1,
    type: "tet-voucher",
    object: m.object,
    session: m.session,
    voucher: {
      channel: v.channel.toString(),
      payee: v.payee,
      cumulativeAmount: v.cumulativeAmount.toString(),
      expiry: v.expiry.toString(),
    },
    signature: m.signed.signature,
  };
}
