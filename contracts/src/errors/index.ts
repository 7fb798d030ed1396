// The contracts package's one error base (STYLE.md rule 6).
export { ChainError, toChainError } from "./ChainError.js";
