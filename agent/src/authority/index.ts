export { Authority } from "./authority.js";
export { loadAuthorityChain, saveAuthorityChain } from "./authorityStore.js";
export { enrolmentHint } from "./enrolmentHint.js";
