export { createTransport, parseTransport, type TransportConfig } from "./createTransport.js";
export { type SerialOptions, serialTransport } from "./serialTransport.js";
export { stdioTransport } from "./stdioTransport.js";
export { streamTransport } from "./streamTransport.js";
export { type TcpOptions, tcpTransport } from "./tcpTransport.js";
export type { Transport, TransportHandlers } from "./transport.js";
