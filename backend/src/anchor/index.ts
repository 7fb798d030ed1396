// Anchoring: the transparency log's signed checkpoints recorded on the Anchor contract every N minutes.
export { type AnchorRecord, AnchorService, type AnchorServiceOptions } from "./anchorService.js";
