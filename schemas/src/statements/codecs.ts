/**
 * The codec building blocks, for other strict wire formats of this package that are not statements
 * (the service lock): the same checks, CDDL specs and JSON forms as the statement kinds. Exported as
 * the namespace `codecs`, so that their short names do not crowd the package entry.
 */
export { arrayOf, bool, bytes, literal, objectId, oneOf, text, uint } from "./codec.js";
export { record, struct } from "./struct.js";
