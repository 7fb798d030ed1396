export { Authority } from "./authority.js";
export { AUTHORITY_KINDS } from "./authorityKinds.js";
export { loadAuthorityChain, saveAuthorityChain } from "./authorityStore.js";
export { enrolmentHint } from "./enrolmentHint.js";
