import { TetError } from "../errors.js";
import { isObjectIdText } from "./objectId.js";

/** MQTT topic root and directions (ARCHITECTURE.md, MQTT). */
export const TOPIC_ROOT = "tet/v1/o";
export type TopicDirection = "up" | "down";

/** The shared subscription external-broker workers use to split ingest (MQTT 5 §4.8.2). */
export const INGEST_SHARED_SUBSCRIPTION = `$share/tet-ingest/${TOPIC_ROOT}/+/up`;
/** The wildcard the embedded broker's ingest subscribes to. */
export const INGEST_SUBSCRIPTION = `${TOPIC_ROOT}/+/up`;

/** `tet/v1/o/{objectId}/up`: device → backend statements. */
export function upTopic(objectId: string): string {
  return topic(objectId, "up");
}

/** `tet/v1/o/{objectId}/down`: backend → device receipts and commands. */
export function downTopic(objectId: string): string {
  return topic(objectId, "down");
}

function topic(objectId: string, direction: TopicDirection): string {
  if (!isObjectIdText(objectId)) throw new TetError("TOPIC_INVALID", "topic needs a valid object id");
  return `${TOPIC_ROOT}/${objectId}/${direction}`;
}

/**
 * Parses a TET topic and returns its object id and direction. Refuses anything else — wildcards,
 * extra or empty levels, an invalid object id — so a spoofed topic never reaches the ingest.
 */
export function parseTopic(name: string): { objectId: string; direction: TopicDirection } {
  const levels = name.split("/");
  const [a, b, c, objectId, direction] = levels;
  if (
    levels.length !== 5 ||
    `${a}/${b}/${c}` !== TOPIC_ROOT ||
    objectId === undefined ||
    !isObjectIdText(objectId)
  ) {
    throw new TetError("TOPIC_INVALID", JSON.stringify(name.slice(0, 80)));
  }
  if (direction !== "up" && direction !== "down")
    throw new TetError("TOPIC_INVALID", JSON.stringify(name.slice(0, 80)));
  return { objectId, direction };
}
