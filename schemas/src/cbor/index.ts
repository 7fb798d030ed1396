export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, type DecodeOptions, decodeStrict } from "./decode.js";
export { compareBytes, encode } from "./encode.js";
export { type CborValue, Tagged } from "./types.js";
