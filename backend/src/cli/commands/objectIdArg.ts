import { objectIdFromText } from "@tet/schemas";
import { UsageError } from "../../commandLine/index.js";

/** Parses an object id argument (26 base32 characters) or fails with a usage error. */
export function objectIdArg(text: string): Uint8Array {
  try {
    return objectIdFromText(text);
  } catch {
    throw new UsageError(`not an object id: ${text}`);
  }
}

/** A time argument: milliseconds since the epoch, or an ISO 8601 date (e.g. 2027-06-30). */
export function timeArg(text: string, name: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} is not a time: ${text}`);
  return n;
}
