import fc from "fast-check";
import { MAX_BATCH, type Message, type Reading } from "../frame/index.js";

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,31}$/);
const value = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  fc.integer(),
  fc.string({ maxLength: 60 }),
  fc.boolean(),
);
const reading: fc.Arbitrary<Reading> = fc.record(
  { name, value, unit: fc.stringMatching(/^[A-Za-z%/]{1,8}$/) },
  { requiredKeys: ["name", "value"] },
);
/** Any message the protocol carries except pass-through bytes (see the statement vectors for those). */
export const arbitraryMessage: fc.Arbitrary<Message> = fc.oneof(
  fc.record({ type: fc.constant("reading" as const), reading }),
  fc.record({
    type: fc.constant("batch" as const),
    readings: fc.array(reading, { minLength: 1, maxLength: MAX_BATCH }),
  }),
  fc.record({ type: fc.constant("event" as const), name, value }, { requiredKeys: ["type", "name"] }),
  fc.record({
    type: fc.constant("hello" as const),
    firmware: fc.string({ minLength: 1, maxLength: 10 }),
    device: fc.string({ minLength: 1, maxLength: 20 }),
    sensors: fc.array(name, { maxLength: 8 }),
  }),
  fc.record({
    type: fc.constant("login" as const),
    ts: fc.nat(),
    nonce: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  }),
);
