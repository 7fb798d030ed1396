// The OpenAPI document generated from the routes themselves (hono-openapi over zod schemas): the
// helpers a route uses to describe itself, and the generator that walks an app's routes.

export { describeRoute } from "hono-openapi";
export { contentOf, coseBody, jsonBody, jsonResponse, mediaResponse } from "./content.js";
export { OPENAPI_INFO, type OpenApiDocument, openapiDocument } from "./openapiDocument.js";
export { intParam, type Parameter, parametersOf, parseWith } from "./parameters.js";
export { objectIdText, objectPath, sessionPath } from "./paths.js";
export { problemSchema, problems } from "./problem.js";
