export { type ChainHead, chainNext, type DeviceDraft, GENESIS_HEAD } from "./deviceChain.js";
