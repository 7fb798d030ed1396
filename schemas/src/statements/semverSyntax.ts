/**
 * The strict text of semantic versions and npm ranges that TET statements accept: the canonical
 * subset of what npm's `semver` package parses, so that every signed version and range means one
 * thing to every reader. Plain patterns (no semver library here): the statement codecs run on
 * devices, and the resolver that gives ranges their meaning lives in `@tet/schemas/services`.
 */

// A numeric part of at most 15 digits stays below Number.MAX_SAFE_INTEGER, which npm's semver refuses
// to pass (its test/fixtures/invalid-versions.js, "too big"), even as the bound a caret range adds one to.
const NR = "(?:0|[1-9][0-9]{0,14})";
// SemVer 2.0.0 §9: identifiers [0-9A-Za-z-], numeric ones without leading zeros.
const PRE_ID = `(?:${NR}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)`;
const PRE = `(?:-${PRE_ID}(?:\\.${PRE_ID})*)`;
const BUILD = "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)"; // SemVer 2.0.0 §10
const VERSION = `${NR}\\.${NR}\\.${NR}${PRE}?${BUILD}?`;
const X = "[xX*]";
// npm range.bnf `partial`, narrowed to the forms npm gives a meaning: a full version (with qualifier),
// or one whose missing and wildcard parts all follow its numbers (`1.x.5` and `x.1` do not parse).
const PARTIAL = `(?:${NR}(?:\\.(?:${NR}(?:\\.(?:${NR}${PRE}?${BUILD}?|${X}))?|${X}(?:\\.${X})?))?|${X}(?:\\.${X}(?:\\.${X})?)?)`;
// range.bnf `simple` ::= primitive | partial | tilde | caret, written without the spaces npm tolerates.
const SIMPLE = `(?:<=|>=|<|>|=|~|\\^)?${PARTIAL}`;
const RANGE = `(?:${PARTIAL} - ${PARTIAL}|${SIMPLE}(?: ${SIMPLE})*)`; // range.bnf `hyphen` | simple ( ' ' simple )*

/** A semantic version, SemVer 2.0.0 §2 and §9–10, with no `v` or `=` prefix: `1.4.0`, `2.0.0-rc.1+b7`. */
export const SEMVER_VERSION = new RegExp(`^${VERSION}$`);

/**
 * An npm range (npm semver's range.bnf, as node-semver 7.8 parses it): comparators, `~`, `^`, x-ranges,
 * hyphen ranges and `||`, without the whitespace, `v` prefixes and `~>` that npm's parser also
 * tolerates; never empty (write `*`).
 */
export const SEMVER_RANGE = new RegExp(`^${RANGE}(?: *\\|\\| *${RANGE})*$`);
