import { z } from "zod";

/** A decimal integer of any size (wei, channel ids), as JSON carries it: a string. */
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/);

/** The body of `POST /v1/objects/{id}/sessions` (parsed by `parseSessionRequest`). */
export const sessionRequestSchema = z
  .object({
    session: z.string(),
    channel: decimal,
    rater: z.string().describe("the payer's did:key"),
    signature: z.string().describe("65 bytes, 0x-hex (EIP-712)"),
  })
  .meta({ id: "SessionRequest" });

/** What `GET /v1/objects/{id}/sessions/{session}` answers. */
export const sessionAccountSchema = z
  .object({
    object: z.string().optional(),
    session: z.string().optional(),
    channel: decimal.optional(),
    payee: z.string().optional(),
    due: decimal.optional(),
    required: decimal.optional(),
    accepted: decimal.optional(),
    closed: z.boolean().optional(),
    stopped: z.boolean().optional(),
    usage: z.array(z.unknown()).optional(),
  })
  .meta({ id: "SessionAccount" });

/** The body of `POST /v1/objects/{id}/vouchers` (parsed by `parseVoucherMessage`). */
export const voucherMessageSchema = z
  .object({
    v: z.literal(1),
    type: z.literal("tet-voucher"),
    object: z.string(),
    session: z.string(),
    voucher: z.object({ channel: decimal, payee: z.string(), cumulativeAmount: decimal, expiry: decimal }),
    signature: z.string().describe("65 bytes, 0x-hex: the channel payer's EIP-712 signature"),
  })
  .meta({ id: "VoucherMessage" });

/** What a voucher's submission answers, 200 or 402 (`VoucherOutcome`). */
export const voucherOutcomeSchema = z
  .object({ accepted: decimal, due: decimal, required: decimal, short: z.boolean() })
  .meta({ id: "VoucherOutcome" });
