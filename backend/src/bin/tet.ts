import { runTet } from "../cli/index.js";
import { processIo } from "../commandLine/index.js";

process.exitCode = await runTet(process.argv.slice(2), processIo);
