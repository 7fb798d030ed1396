// The demo's story over the first minutes of `npm start`, told through the project's own commands:
// the manufacturer issues a warranty on the charger; a technician records maintenance on the pool
// probe with the service report (a PDF in this folder, hashed); the desk is sold to a new owner; a
// driver charges a car and pays in TET, settled on chain; a warranty claim is filed and accepted.
// Each step is saved in data/demo/story.json once done, so a restart tells only what is left.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chargeCar } from "./chargeCar.mjs";
import { pause, tet, waitFor } from "./tetCli.mjs";

const REPORT = new URL("pool-probe-service-report.pdf", import.meta.url).pathname;
const WARRANTY = "WB22-2Y";

/** Key files of the story's people, made once with `tet keygen`; returns their paths and did:keys. */
async function people(demoDir) {
  const out = {};
  for (const who of ["manufacturer", "technician", "buyer", "driver"]) {
    const path = join(demoDir, `${who}.pem`);
    const did = existsSync(`${path}.did`)
      ? readFileSync(`${path}.did`, "utf8").trim()
      : ((await tet(["keygen", "--out", path])).trim?.() ?? "");
    if (!existsSync(`${path}.did`)) writeFileSync(`${path}.did`, `${did}\n`);
    out[who] = { key: path, did };
  }
  return out;
}

/**
 * Tells the story against the running backend at `api`; `log` gets one line per step, `pace` ms
 * pass between steps. Steps already in story.json are skipped; a failed step is logged and retried
 * at the next start.
 */
export async function tellStory({ api, backend, economy, demoDir, devices, pace, log }) {
  const file = join(demoDir, "story.json");
  const done = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const save = () => writeFileSync(file, `${JSON.stringify(done, null, 2)}\n`);
  const who = await people(demoDir);
  const owner = join(demoDir, "owner.pem");
  const id = Object.fromEntries(devices.map((d) => [d.name, d.id]));
  const a = ["--api", api];
  const steps = [
    [
      "warranty",
      "the manufacturer issues a 2-year warranty on the charger",
      async () => {
        await tet([
          "key",
          "add",
          id["charger-1"],
          "--bind",
          who.manufacturer.key,
          "--role",
          "issuer",
          "--key",
          owner,
          ...a,
        ]);
        const until = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString().slice(0, 10);
        const terms = "2 years, parts and labour; the charging cable included";
        const w = ["--warranty", WARRANTY, "--until", until, "--terms", terms, "--transferable", "yes"];
        return tet(["warranty", "issue", id["charger-1"], ...w, "--key", who.manufacturer.key, ...a]);
      },
    ],
    [
      "maintenance",
      "a technician services the pool probe and files the report (PDF, SHA-256 signed)",
      async () => {
        const pool = id["pool-1"];
        await tet([
          "key",
          "add",
          pool,
          "--bind",
          who.technician.key,
          "--role",
          "delegate",
          "--key",
          owner,
          ...a,
        ]);
        const doc = await tet([
          "document",
          "add",
          pool,
          "--file",
          REPORT,
          "--title",
          "Service report SR-2026-0412",
          "--key",
          owner,
          ...a,
        ]);
        const text =
          "Recalibrated the pH cell (slope 98.7 %), new chlorine membrane and electrolyte, flow cell flushed";
        const e = ["--event", "maintenance", "--text", text, "--evidence", String(doc.index)];
        return tet(["event", pool, ...e, "--key", who.technician.key, ...a]);
      },
    ],
    [
      "transfer",
      "the coworking desk is sold: ownership passes to its new owner",
      () => tet(["transfer", id["desk-1"], "--to", who.buyer.did, "--key", owner, ...a]),
    ],
    [
      "charge",
      "a driver charges a car at the charger and pays in TET; the session settles on chain",
      () =>
        chargeCar({
          api,
          backend,
          economy,
          demoDir,
          charger: id["charger-1"],
          owner,
          driver: who.driver,
          log,
        }),
    ],
    [
      "claim",
      "the owner claims the warranty (a broken cable latch); the manufacturer accepts it",
      async () => {
        const ch = id["charger-1"];
        const text = "Inspection: the charging cable's latch is broken; the plug no longer locks";
        const e = await tet(["event", ch, "--event", "inspection", "--text", text, "--key", owner, ...a]);
        await tet([
          "warranty",
          "claim",
          ch,
          "--warranty",
          WARRANTY,
          "--evidence",
          String(e.index),
          "--key",
          owner,
          ...a,
        ]);
        const reason = "Cable assembly replaced under warranty";
        return tet([
          "warranty",
          "accept",
          ch,
          "--warranty",
          WARRANTY,
          "--reason",
          reason,
          "--key",
          who.manufacturer.key,
          ...a,
        ]);
      },
    ],
  ];
  // TET_DEMO_GO=FILE: the story begins once FILE exists (a presenter, or a test with its pages open).
  const go = process.env.TET_DEMO_GO;
  if (go && steps.some(([name]) => !done[name]))
    await waitFor(() => (existsSync(go) ? true : undefined), `${go} (TET_DEMO_GO)`, {
      ms: 3_600_000,
      everyMs: 200,
    });
  for (const [name, what, step] of steps) {
    if (done[name]) continue;
    if (name === "charge" && !backend.rpc) {
      log(`story: ${what}: skipped (the chain is off)`);
      continue;
    }
    await pause(pace);
    try {
      const r = await step();
      done[name] = { at: new Date().toISOString(), ...(typeof r === "object" ? r : {}) };
      save();
      log(`story: ${what}`);
    } catch (e) {
      log(`story: ${what}: failed, retried at the next start (${e.message})`);
    }
  }
}
