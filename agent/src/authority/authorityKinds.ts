/** The statement kinds of an object's authority chain, as the backend sends them on `down`. */
export const AUTHORITY_KINDS: ReadonlySet<string> = new Set(["genesis", "transfer", "key"]);
