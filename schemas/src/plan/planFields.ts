import { isDidKey } from "../ids/index.js";
import { address, type Codec, did, invalid, text } from "../statements/index.js";
import { PLAN_LIMITS } from "./planLimits.js";

/**
 * A task id: 1..32 ASCII letters, digits, `_`, `.` or `-`, starting with a letter or digit. Ids are
 * the stable names of tasks across revisions, and fit a zero-padded bytes32 on chain.
 */
export const taskId: Codec<string> = text({
  max: PLAN_LIMITS.id,
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
});

/**
 * A task budget in TET base units (10^-18 TET), below 2^96: in CBOR a byte string holding the
 * amount big-endian without leading zero bytes (0 is the empty string), so that each amount has
 * one encoding; in JSON a decimal string. uint64 (the `amount` of tariffs) stops at ≈ 18.4 TET,
 * too little for a work order.
 */
export const budget: Codec<bigint> = {
  spec: { type: "bytes", min: 0, max: PLAN_LIMITS.budgetBytes },
  decode: (v, path) => {
    if (!(v instanceof Uint8Array)) return invalid(path, "expected a byte string");
    if (v.length > PLAN_LIMITS.budgetBytes)
      return invalid(path, `more than ${PLAN_LIMITS.budgetBytes} bytes`);
    if (v[0] === 0) return invalid(path, "a leading zero byte"); // one encoding per amount
    let n = 0n;
    for (const b of v) n = (n << 8n) | BigInt(b);
    return n;
  },
  fromJson: (v, path) => {
    if (typeof v !== "string" || !/^(0|[1-9][0-9]{0,28})$/.test(v))
      return invalid(path, "expected a decimal amount");
    const n = BigInt(v);
    if (n >= 1n << BigInt(8 * PLAN_LIMITS.budgetBytes)) return invalid(path, "expected an amount below 2^96");
    return n;
  },
  toJson: (v) => v.toString(),
};

/** The CBOR form of a budget: big-endian bytes without leading zeros (the inverse of `budget.decode`). */
export function budgetBytes(amount: bigint): Uint8Array {
  const out: number[] = [];
  for (let n = amount; n > 0n; n >>= 8n) out.unshift(Number(n & 0xffn));
  return Uint8Array.from(out);
}

/**
 * Who does a task and is paid for it: a principal's `did:key` or an EVM address (20 bytes; JSON
 * 0x-hex). On chain a did:key assignee has no payout address until one is bound to it.
 */
export const assignee: Codec<string | Uint8Array> = {
  spec: { type: "union", options: [did.spec, address.spec] },
  decode: (v, path) => (typeof v === "string" ? did.decode(v, path) : address.decode(v, path)),
  fromJson: (v, path) => (typeof v === "string" && isDidKey(v) ? v : address.fromJson(v, path)),
  toJson: (v) => (typeof v === "string" ? v : address.toJson(v)),
};
