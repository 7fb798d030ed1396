import { z } from "zod";

/** One avatar as the list shows it (`ObjectSummary`). */
export const objectSummarySchema = z
  .object({
    id: z.string(),
    address: z.string().meta({ format: "ipv6" }),
    class: z.string(),
    owner: z.string(),
    name: z.string().optional(),
    model: z.string().optional(),
    manufacturer: z.string().optional(),
    serial: z.string().optional(),
    genesis: z.int(),
  })
  .meta({ id: "ObjectSummary" });

/** A page of `GET /v1/objects`. */
export const objectPageSchema = z
  .object({
    total: z.int().optional(),
    items: z.array(objectSummarySchema).optional(),
    next: z.string().optional(),
  })
  .meta({ id: "ObjectPage" });

const object = z.looseObject({});
const array = z.array(z.unknown());

/** The passport (`Passport`): the fields a client relies on; the rest is described in words. */
export const passportSchema = z
  .object({
    id: z.string(),
    address: z.string(),
    class: z.string(),
    owner: z.string(),
    authority: z
      .object({ prev: z.string().optional(), index: z.int().optional() })
      .optional()
      .describe(
        "SHA-256 (hex) of the object's last authority statement and its log index: the prev of the next transfer, key, relation or warranty statement",
      ),
    owners: z.array(
      z.object({ owner: z.string().optional(), since: z.int().optional(), index: z.int().optional() }),
    ),
    warranties: z.array(
      z.object({
        id: z.string().optional(),
        issuer: z.string().optional(),
        status: z.enum(["active", "expired", "void", "ended-by-transfer"]).optional(),
      }),
    ),
    state: object.optional(),
    documents: array,
    keys: array,
    relations: array,
    counts: object,
  })
  .meta({ id: "Passport" });
