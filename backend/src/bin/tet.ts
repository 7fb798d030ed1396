import { processIo } from "../cli/io.js";
import { runTet } from "../cli/tet.js";

process.exitCode = await runTet(process.argv.slice(2), processIo);
