import type { DeviceDraft } from "../chain/index.js";
import type { Sample } from "../drivers/index.js";

/**
 * The device statements a sample becomes: one `state` for its readings, one `usage` per report. A
 * state also carries `agent.outbox`, the statements waiting in the outbox when it was signed, so the
 * backend's /metrics can show agents' backlogs from signed data.
 */
export function sampleDrafts(sample: Sample, at: number, obj: Uint8Array, outbox?: number): DeviceDraft[] {
  const drafts: DeviceDraft[] = [];
  if (sample.readings && Object.keys(sample.readings).length > 0) {
    const readings =
      outbox === undefined ? sample.readings : { ...sample.readings, "agent.outbox": { v: outbox } };
    drafts.push({ v: 1, t: "state", ts: at, obj, readings });
  }
  for (const u of sample.usage ?? []) {
    const draft: DeviceDraft = {
      v: 1,
      t: "usage",
      ts: at,
      obj,
      session: u.session,
      phase: u.phase,
      unit: u.unit,
      quantity: u.quantity,
    };
    if (u.counter !== undefined) draft.counter = u.counter;
    if (u.payer !== undefined) draft.payer = u.payer;
    drafts.push(draft);
  }
  return drafts;
}
