export * from "./crypto/verifier.js";
export * from "./errors.js";
export * from "./log/index.js";
