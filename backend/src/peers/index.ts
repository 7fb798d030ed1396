export { readBoundedJson } from "./readBoundedJson.js";
