import {
  isDeviceStatement,
  isTetError,
  MAX_STATEMENT_BYTES,
  objectIdFromText,
  objectIdToText,
  type ParsedStatement,
  parseStatement,
} from "@tet/schemas";
import { IngestError } from "./ingestError.js";

/** A message that passed the checks before its signature's, or the refusal and the topic's object if valid. */
export type Submission =
  | { ok: true; p: ParsedStatement; object: Uint8Array }
  | { ok: false; object: Uint8Array | undefined; error: IngestError };

/**
 * The checks an `Ingest` makes on a message from `tet/v1/o/{objectId}/up` before queueing it for its
 * signature check, in this order: the topic names an object, the ingest is not overloaded, size,
 * strict decode, a device statement, its `obj` is the topic's. `objects` caches the topics' object
 * ids by their text form (decoded once per device, not per statement).
 *
 * @example
 * const c = checkSubmission({ objectId, bytes, objects, overloaded: queued >= maxQueued });
 * if (!c.ok) refuse(c.object, c.error);
 */
export function checkSubmission(o: {
  objectId: string;
  bytes: Uint8Array;
  objects: Map<string, Uint8Array>;
  overloaded: boolean;
}): Submission {
  const { objectId, bytes, objects } = o;
  let object: Uint8Array | undefined;
  try {
    object = objects.get(objectId);
    if (object === undefined) {
      object = objectIdFromText(objectId);
      if (objects.size >= 100_000) objects.clear();
      objects.set(objectId, object);
    }
  } catch {
    return { ok: false, object: undefined, error: new IngestError("TOPIC_INVALID", objectId.slice(0, 40)) };
  }
  if (o.overloaded) return { ok: false, object, error: new IngestError("OVERLOADED") };
  // Size first, then strict decoding (STYLE §8).
  if (bytes.length > MAX_STATEMENT_BYTES)
    return { ok: false, object, error: new IngestError("TOO_LARGE", `${bytes.length} bytes`) };
  let p: ParsedStatement;
  try {
    // One private copy of the statement, and its byte fields as views into it: one buffer per
    // statement instead of one per field (less for the collector to move while it waits), and
    // nothing that outlives it pins the broker's read buffer.
    p = parseStatement(new Uint8Array(bytes), { views: true });
  } catch (e) {
    const detail = isTetError(e) ? `${e.code}: ${e.message}` : String(e);
    return { ok: false, object, error: new IngestError("INVALID_STATEMENT", detail, { cause: e }) };
  }
  const s = p.statement;
  if (!isDeviceStatement(s))
    return { ok: false, object, error: new IngestError("NOT_DEVICE_STATEMENT", s.t) };
  if (Buffer.compare(s.obj, object) !== 0) {
    const error = new IngestError("WRONG_OBJECT", objectIdToText(s.obj), { seq: s.seq });
    return { ok: false, object, error };
  }
  return { ok: true, p, object };
}
