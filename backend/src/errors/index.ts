// The backend's one error base: every area's stable codes, one class shape, one mapping to HTTP
// status (RFC 9457 problem details), MQTT 5 reason and MQTT 3.1.1 CONNACK code.
export {
  BackendError,
  type BackendErrorOptions,
  CONNACK,
  type ErrorSpec,
  type ErrorTable,
  isBackendError,
  MQTT5,
} from "./backendError.js";
export { type Problem, problemResponse, problemType, toProblem } from "./problemDetails.js";
