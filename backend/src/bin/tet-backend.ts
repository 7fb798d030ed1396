import { processIo } from "../cli/io.js";
import { main } from "../cli/tet-backend.js";

process.exitCode = await main(process.argv.slice(2), processIo);
