import fc from "fast-check";
import { didKeyFromPublicKey } from "../ids/index.js";
import { nobleSigner } from "../index.js";
import type { Spec, Statement, StatementKind } from "../statements/index.js";
import { KINDS } from "../statements/index.js";

const dids = [1, 2, 3].map((n) => didKeyFromPublicKey(nobleSigner(new Uint8Array(32).fill(n)).publicKey));
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,31}$/);

/** A fast-check generator of values that satisfy a codec spec (test support only). */
export function arbitraryFor(spec: Spec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case "uint":
      return fc.integer({ min: spec.min, max: Math.min(spec.max, Number.MAX_SAFE_INTEGER) });
    case "int":
      return fc.integer({ min: spec.min, max: spec.max }).map((x) => (Object.is(x, -0) ? 0 : x));
    case "amount":
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case "num":
      return fc.oneof(
        fc.integer({ min: spec.min ?? -1e9, max: 1e9 }),
        fc.double({ min: spec.min ?? -1e12, max: 1e12, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
      );
    case "text":
      return spec.pattern
        ? fc
            .stringMatching(new RegExp(spec.pattern))
            .filter((s) => s.length >= spec.min && s.length <= spec.max)
        : fc.string({ minLength: spec.min, maxLength: Math.min(spec.max, 40), unit: "binary" });
    case "oneOf":
      return fc.constantFrom(...spec.values);
    case "literal":
      return fc.constant(spec.value);
    case "bool":
      return fc.boolean();
    case "bytes":
      return fc.uint8Array({ minLength: spec.min, maxLength: Math.min(spec.max, 64) });
    case "objectId":
      return fc.uint8Array({ minLength: 16, maxLength: 16 });
    case "address":
      return fc.uint8Array({ minLength: 20, maxLength: 20 });
    case "did":
      return fc.constantFrom(...dids);
    case "array":
      return fc.array(arbitraryFor(spec.item), { minLength: spec.min, maxLength: Math.min(spec.max, 4) });
    case "union":
      return fc.oneof(...spec.options.map(arbitraryFor));
    case "record":
      return fc.dictionary(name, arbitraryFor(spec.value), { maxKeys: Math.min(spec.max, 4) });
    case "struct":
      return fc.record(
        Object.fromEntries(
          [...Object.entries(spec.required), ...Object.entries(spec.optional)].map(([k, s]) => [
            k,
            arbitraryFor(s),
          ]),
        ),
        { requiredKeys: Object.keys(spec.required) },
      );
  }
}

/** A generator of valid statements of one kind. */
export function arbitraryStatement(kind: StatementKind): fc.Arbitrary<Statement> {
  return arbitraryFor(KINDS[kind].spec) as fc.Arbitrary<Statement>;
}
