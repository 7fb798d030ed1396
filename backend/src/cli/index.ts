// The `tet` and `tet-backend` commands: the composition roots that register every subcommand.
export { runTet } from "./tet.js";
export { main } from "./tet-backend.js";
