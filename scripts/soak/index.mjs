// The soak run's measurements (../soak.mjs).
export { getJson, memoryOf, metric, slope } from "./measures.mjs";
