import { main } from "../cli/index.js";
import { processIo } from "../commandLine/index.js";

const code = await main(process.argv.slice(2), processIo);
// A failed start may leave a listener or a child's pipe open (whatever was set up before the
// failure); the refusal is printed, so exit now rather than hang on the event loop.
if (code !== 0) process.exit(code);
process.exitCode = code;
