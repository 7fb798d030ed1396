import type { Spec } from "./codec.js";
import { KINDS } from "./kinds.js";
import { SEMVER_RANGE, SEMVER_VERSION } from "./semverSyntax.js";
import type { StatementKind } from "./statement.js";

/**
 * The CDDL (RFC 8610) definition of a statement kind's payload, generated from the same codecs that
 * validate it, so the documentation in schemas/README.md cannot drift from the code.
 *
 * @example cddl("transfer") // 'transfer = {\n  v: 1,\n  t: "transfer",\n  …'
 */
export function cddl(kind: StatementKind): string {
  return `${kind.replace(/-/g, "_")} = ${type(KINDS[kind].spec, "")}`;
}

/** The CDDL rule `name = …` for any codec spec (the service lock's, or the `plan` kind's, for instance). */
export function cddlRule(name: string, spec: Spec): string {
  return `${name} = ${type(spec, "")}`;
}

function type(s: Spec, indent: string): string {
  switch (s.type) {
    case "uint":
      return s.max === Number.MAX_SAFE_INTEGER
        ? s.min === 0
          ? "uint"
          : `${s.min}..9007199254740991`
        : `${s.min}..${s.max}`;
    case "int":
      return `${s.min}..${s.max}`;
    case "amount":
      return "uint .size 8 ; TET base units";
    case "num":
      return s.min === 0 ? "(uint / float) .ge 0" : "int / float";
    case "text":
      if (s.pattern && Object.hasOwn(NAMED_TEXT, s.pattern)) return NAMED_TEXT[s.pattern] as string;
      return `tstr .size (${s.min}..${s.max})${s.pattern ? ` .regexp "${s.pattern}"` : ""}`;
    case "oneOf":
      return s.values.map((v) => JSON.stringify(v)).join(" / ");
    case "literal":
      return JSON.stringify(s.value);
    case "bool":
      return "bool";
    case "bytes":
      return s.min === s.max ? `bstr .size ${s.min}` : `bstr .size (${s.min}..${s.max})`;
    case "objectId":
      return "object-id";
    case "address":
      return "evm-address";
    case "did":
      return "did-key";
    case "array":
      return `[${s.min}*${s.max} ${type(s.item, indent)}]`;
    case "union":
      return s.options.map((o) => type(o, indent)).join(" / ");
    case "record":
      return `{ 0*${s.max} name => ${type(s.value, indent)} }`;
    case "struct": {
      const inner = `${indent}  `;
      const lines = [
        ...Object.entries(s.required).map(([k, v]) => `${inner}${key(k)}: ${type(v, inner)}`),
        ...Object.entries(s.optional).map(([k, v]) => `${inner}? ${key(k)}: ${type(v, inner)}`),
      ];
      return `{\n${lines.join(",\n")}\n${indent}}`;
    }
  }
}

/** Text rules with a pattern too long to repeat at each use: named once in the prelude. */
const NAMED_TEXT: Record<string, string> = {
  [SEMVER_VERSION.source]: "semver",
  [SEMVER_RANGE.source]: "semver-range",
};

const key = (k: string) => (/^[a-z][a-zA-Z0-9]*$/.test(k) ? k : JSON.stringify(k));

/** The shared CDDL rules the kinds refer to. */
export const CDDL_PRELUDE = `object-id = bstr .size 16   ; first 16 bytes of SHA-256(genesis COSE_Sign1)
evm-address = bstr .size 20
did-key = tstr .regexp "did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+"   ; Ed25519, multicodec 0xed01
name = tstr .regexp "[A-Za-z][A-Za-z0-9_.-]{0,31}"
semver = tstr .size (1..64)   ; SemVer 2.0.0 without a "v": SEMVER_VERSION in src/statements/semverSyntax.ts
semver-range = tstr .size (1..128)   ; npm range.bnf without extra spaces: SEMVER_RANGE, same file`;
