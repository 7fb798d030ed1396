// The tet-agent subcommands: init, keygen, run, status.
export { init } from "./init.js";
export { keygen } from "./keygen.js";
export { run } from "./run.js";
export { status } from "./status.js";
