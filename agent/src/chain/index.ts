export { type ChainHead, chainNext, type DeviceDraft, encodeDraft, GENESIS_HEAD } from "./deviceChain.js";
export { placeInChain } from "./placeInChain.js";
