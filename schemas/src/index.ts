export * from "./crypto/verifier.js";
export * from "./errors.js";
