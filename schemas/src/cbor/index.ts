export { type DecodeOptions, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, decodeStrict } from "./decode.js";
export { compareBytes, encode } from "./encode.js";
export { type CborValue, Tagged } from "./types.js";
