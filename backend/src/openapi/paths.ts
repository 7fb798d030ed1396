import { z } from "zod";
import { parametersOf } from "./parameters.js";

/** `{id}`: an object id in its text form. Routes check it with `isObjectIdText` and refuse with their own code. */
export const objectIdText = z
  .string()
  .regex(/^[a-z2-7]{26}$/)
  .describe("object id: 26 characters of lowercase base32");

/** The `{id}` path parameter of every per-object route. */
export const objectPath = parametersOf("path", z.object({ id: objectIdText }));

/** The `{id}` and `{session}` path parameters of a paid session's routes. */
export const sessionPath = parametersOf(
  "path",
  z.object({
    id: objectIdText,
    session: z
      .string()
      .regex(/^[\x21-\x7e]{1,64}$/)
      .describe("the session id: 1–64 printable ASCII characters"),
  }),
);
