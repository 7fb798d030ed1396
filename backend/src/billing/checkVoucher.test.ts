import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkVoucher, type VoucherContext } from "./checkVoucher.js";
import { parseVoucherMessage, voucherMessageJson } from "./voucherMessage.js";

const PAYEE = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const ctx: VoucherContext = {
  channel: 5n,
  payee: PAYEE,
  deposit: 1000n,
  channelExpiry: 2_000_000_000n,
  accepted: 100n,
  required: 150n,
  now: 1_800_000_000n,
};
const v = (
  o: Partial<{ channel: bigint; payee: `0x${string}`; cumulativeAmount: bigint; expiry: bigint }> = {},
) => ({
  channel: 5n,
  payee: PAYEE as `0x${string}`,
  cumulativeAmount: 200n,
  expiry: 1_800_003_600n,
  ...o,
});

describe("checkVoucher", () => {
  it("accepts a newer voucher covering what is required, and flags one below it as short", () => {
    expect(checkVoucher(v(), true, ctx)).toEqual({ ok: true, short: false });
    expect(checkVoucher(v({ cumulativeAmount: 120n }), true, ctx)).toEqual({ ok: true, short: true });
  });

  it("refuses with a stable code, in the order the contract would", () => {
    const code = (x: ReturnType<typeof v>, valid = true, c = ctx) => {
      const r = checkVoucher(x, valid, c);
      return r.ok ? "ok" : r.code;
    };
    expect(code(v({ channel: 6n }))).toBe("VOUCHER_WRONG_CHANNEL");
    expect(code(v({ payee: "0x0000000000000000000000000000000000000001" }))).toBe("VOUCHER_WRONG_PAYEE");
    expect(code(v(), false)).toBe("VOUCHER_BAD_SIGNATURE");
    expect(code(v({ cumulativeAmount: 100n }))).toBe("VOUCHER_NOT_NEWER");
    expect(code(v({ cumulativeAmount: 1001n }))).toBe("VOUCHER_EXCEEDS_DEPOSIT");
    expect(code(v({ expiry: ctx.now }))).toBe("VOUCHER_EXPIRED");
    expect(code(v(), true, { ...ctx, channelExpiry: ctx.now })).toBe("VOUCHER_EXPIRED");
  });

  it("property: a voucher not above the accepted amount is always refused; one within the deposit never short when ≥ required", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2000n }),
        fc.bigInt({ min: 0n, max: 1000n }),
        (amount, accepted) => {
          const r = checkVoucher(v({ cumulativeAmount: amount }), true, {
            ...ctx,
            accepted,
            required: accepted,
          });
          if (amount <= accepted) expect(r).toEqual({ ok: false, code: "VOUCHER_NOT_NEWER" });
          else if (amount > ctx.deposit) expect(r).toEqual({ ok: false, code: "VOUCHER_EXCEEDS_DEPOSIT" });
          else expect(r).toEqual({ ok: true, short: false });
        },
      ),
    );
  });
});

describe("voucher messages", () => {
  const obj = "rvxqu7r4dnnetywxys3kd4b6la";
  const m = {
    object: obj,
    session: "s1",
    signed: { voucher: v(), signature: `0x${"11".repeat(65)}` as `0x${string}` },
  };

  it("round-trip through JSON with amounts as decimal strings", () => {
    const json = JSON.parse(JSON.stringify(voucherMessageJson(m)));
    expect(json.voucher.cumulativeAmount).toBe("200");
    expect(parseVoucherMessage(json, obj)).toEqual(m);
  });

  it("refuse malformed messages with VOUCHER_MALFORMED", () => {
    const good = voucherMessageJson(m);
    for (const bad of [
      { ...good, v: 2 },
      { ...good, object: "nope" },
      { ...good, voucher: { ...good.voucher, cumulativeAmount: "-1" } },
      { ...good, voucher: { ...good.voucher, cumulativeAmount: "1e3" } },
      { ...good, voucher: { ...good.voucher, expiry: (2n ** 64n).toString() } },
      { ...good, voucher: { ...good.voucher, payee: "0x12" } },
      { ...good, signature: "0x1234" },
      { ...good, session: "" },
    ])
      expect(() => parseVoucherMessage(bad)).toThrow(expect.objectContaining({ code: "VOUCHER_MALFORMED" }));
    expect(() => parseVoucherMessage(good, "aaaaaaaaaaaaaaaaaaaaaaaaaa")).toThrow(
      expect.objectContaining({ code: "VOUCHER_MALFORMED" }),
    );
  });
});
