// Operating the backend: Prometheus metrics (a registry per backend), structured logs (pino),
// liveness and readiness routes.
export { BackendMetrics, type MetricsSources } from "./backendMetrics.js";
export { createLogger, type LogLevel, lineLogger } from "./createLogger.js";
export { HttpRefusals } from "./httpRefusals.js";
export { logAuditMetrics } from "./logAuditMetrics.js";
export { operationsRoutes } from "./operationsRoutes.js";
export { OUTBOX_READING, OutboxDepths } from "./outboxDepths.js";
export { checkReadiness, type Readiness, type ReadinessCheck } from "./readiness.js";
