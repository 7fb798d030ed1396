import { fromHex } from "../hex.js";
import { didKeyFromPublicKey } from "../ids/index.js";
import type { Plan } from "../plan/index.js";
import { issuerKey, ownerKey } from "./exampleKeys.js";

const TET = 10n ** 18n;
const ts = 1_795_000_000_000; // as the other examples
const pool = fromHex("8d6f0a7e3c1b5a49e2d7c4b6a1f03e58");
const pump = new Uint8Array(16).fill(0x77);
const probe = new Uint8Array(16).fill(0x66);

/**
 * The example plan (the versioned fixture fixtures/v1/plan.cose and the README's example): the
 * pool's maintenance of the demo — drain, repair, service the pump alongside, refill, recalibrate
 * the water probe, inspect — in hours, with PERT estimates, SS/FF links and a 24-hour lag.
 */
export const PLAN_EXAMPLE: { plan: Plan; signer: typeof ownerKey } = {
  signer: ownerKey,
  plan: {
    v: 1,
    t: "plan",
    ts,
    rev: 1,
    title: "Pool maintenance, spring",
    owner: didKeyFromPublicKey(ownerKey.publicKey),
    start: ts + 86_400_000,
    unit: "h",
    deadline: ts + 86_400_000 + 78 * 3_600_000, // 78 hours after the start
    tasks: [
      {
        id: "drain",
        title: "Drain the pool",
        pert: [6, 8, 12],
        assignee: new Uint8Array(20).fill(0xab),
        budget: 150n * TET,
        avatars: [pool],
      },
      {
        id: "repair",
        title: "Repair tiles and grout",
        pert: [16, 24, 40],
        after: [{ task: "drain" }],
        assignee: didKeyFromPublicKey(issuerKey.publicKey),
        budget: 1200n * TET,
        avatars: [pool],
      },
      {
        id: "pump",
        title: "Service the circulation pump",
        duration: 6,
        after: [{ task: "drain", type: "SS", lag: 2 }],
        budget: 300n * TET,
        avatars: [pump],
      },
      {
        id: "refill",
        title: "Refill and balance the water",
        pert: [10, 12, 16],
        after: [{ task: "repair" }, { task: "pump" }],
        avatars: [pool],
      },
      {
        id: "probe",
        title: "Recalibrate the water probe",
        duration: 2,
        after: [{ task: "refill", type: "FF", lag: 2 }],
        budget: 80n * TET,
        avatars: [probe],
        text: "pH 7 and 4 buffers; chlorine against a DPD test",
      },
      {
        id: "inspect",
        title: "Inspection and sign-off",
        duration: 1,
        after: [{ task: "probe", lag: 24 }],
        budget: 100n * TET,
        avatars: [pool, probe],
      },
    ],
  },
};
