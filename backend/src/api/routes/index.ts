// The passport API's route groups, one per resource; createApi mounts them.
export { avatarRoute } from "./avatarRoute.js";
export { bundleRoute } from "./bundleRoute.js";
export { eventsRoute } from "./eventsRoute.js";
export { historyRoute } from "./historyRoute.js";
export { logRoute } from "./logRoute.js";
export { objectsRoute } from "./objectsRoute.js";
export { openapiRoute } from "./openapiRoute.js";
export { seriesRoute } from "./seriesRoute.js";
export { statementsRoute } from "./statementsRoute.js";
