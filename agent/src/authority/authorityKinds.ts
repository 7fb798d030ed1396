/** The statement kinds of an object's authority chain, as the backend sends them on `down`. */
// Relation and warranty link the chain too (issue 23: each version 2 one names the one before), though they bind no key.
export const AUTHORITY_KINDS: ReadonlySet<string> = new Set([
  "genesis",
  "transfer",
  "key",
  "relation",
  "warranty",
]);
