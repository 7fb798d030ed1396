// A child process for the crash tests: appends telemetry to an outbox as fast as it can and prints
// `stored N` after each entry is fsync'd, until it is killed. Continues numbering after a restart.
import { parseStatement } from "@tet/schemas";
import { Outbox } from "../outbox/index.js";
import { deviceSigner, OBJECT_ID, stateDraft } from "./fixtures.js";

const dir = process.argv[2]!;
const outbox = Outbox.open({ dir, objectId: OBJECT_ID, signer: deviceSigner(), window: 1_000_000 });
const last = outbox.unacked().at(-1);
const lastStatement = last && parseStatement(last.bytes).statement;
const lastN = lastStatement?.t === "state" ? lastStatement.readings.n?.v : undefined;
let n = typeof lastN === "number" ? lastN : 0;
process.stdout.write(`ready ${n}\n`);
for (;;) {
  n++;
  outbox.add([stateDraft(n)]);
  process.stdout.write(`stored ${n}\n`);
}
