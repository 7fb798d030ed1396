import { parseStatement } from "@tet/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ChainHead, chainNext, encodeDraft, GENESIS_HEAD } from "../chain/index.js";
import { createDriver, type Sample, Sampler, type SensorDriver, stepPlaces } from "../drivers/index.js";
import { meteredDesk, registerMeteringDrivers, simulatedCharger } from "../metering/index.js";
import { deviceSigner, isMultipleOf, OBJECT_ID, placesOf } from "../test-support/index.js";
import { sampleDrafts } from "./sampleDrafts.js";

registerMeteringDrivers();
const signer = deviceSigner();

/** A number as signed: on its driver's declared step, and shown with no more places than the step. */
function expectAtStep(v: number, step: string | undefined, what: string): void {
  expect(step, `${what} has a declared resolution`).toBeDefined();
  expect(placesOf(v), `${what} = ${v} at step ${step}`).toBeLessThanOrEqual(stepPlaces(step!));
  expect(isMultipleOf(v, step!), `${what} = ${v} is a multiple of ${step}`).toBe(true);
}

/** Signs what a sampler passed on, as the agent does, and checks every number in the signed bytes. */
function expectSignedAtResolution(driver: SensorDriver, emitted: { sample: Sample; at: number }[]): void {
  let head: ChainHead = GENESIS_HEAD;
  for (const { sample, at } of emitted)
    for (const draft of sampleDrafts(sample, at, OBJECT_ID)) {
      const next = chainNext(head, encodeDraft(draft), signer);
      head = next.head;
      const s = parseStatement(next.bytes).statement;
      if (s.t === "state")
        for (const [name, r] of Object.entries(s.readings)) {
          if (typeof r.v !== "number") continue;
          const res = driver.resolutions?.[name] ?? driver.resolutions?.["*"];
          expectAtStep(r.v, res?.step, `${driver.name} ${name}`);
          if (res?.unit !== undefined) expect(r.u).toBe(res.unit);
        }
      if (s.t === "usage") {
        expectAtStep(s.quantity, driver.usageStep, `${driver.name} usage`);
        if (s.counter !== undefined) expectAtStep(s.counter, driver.usageStep, `${driver.name} counter`);
      }
    }
}

function sampled(driver: SensorDriver, clock: { t: number }) {
  const emitted: { sample: Sample; at: number }[] = [];
  const sampler = new Sampler({
    driver,
    intervalMs: 60_000,
    heartbeatMs: 0,
    now: () => clock.t,
    emit: (sample, at) => emitted.push({ sample, at }),
    onError: (e) => {
      throw e;
    },
  });
  return { sampler, emitted };
}

const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const start = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) });
const gaps = fc.array(fc.integer({ min: 1_000, max: 3 * 3_600_000 }), { minLength: 1, maxLength: 30 });

describe("every number a driver produces is signed at its declared resolution (issue 20)", () => {
  for (const kind of ["climate", "energy", "water", "desk", "linux"])
    it(`${kind}: readings and usage, over random seeds and days`, async () => {
      await fc.assert(
        fc.asyncProperty(seed, start, gaps, async (s, t0, steps) => {
          const driver = createDriver({ driver: kind, interval: 60, heartbeat: 300, options: { seed: s } });
          const clock = { t: t0 };
          const { sampler, emitted } = sampled(driver, clock);
          for (const dt of steps) {
            clock.t += dt;
            sampler.offer(await driver.read!(clock.t));
          }
          expectSignedAtResolution(driver, emitted);
        }),
        { numRuns: 25 },
      );
    });

  it("charger and metered desk: the register, kWh and minutes of random sessions", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 500 }),
        (registerWh, deliveries, minutes) => {
          const charger = simulatedCharger({ registerWh });
          const c = sampled(charger.meter, { t: 0 });
          c.sampler.start();
          charger.meter.begin({ session: "s", payer: "did:key:z6Mkpayer" });
          for (const wh of deliveries) charger.deliver(wh);
          charger.unplug();
          expectSignedAtResolution(charger.meter, c.emitted);
          const desk = meteredDesk();
          const d = sampled(desk.meter, { t: 0 });
          d.sampler.start();
          desk.occupy(0);
          desk.advance(minutes);
          desk.vacate();
          expectSignedAtResolution(desk.meter, d.emitted);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("exec: a script's numbers at the configured resolution (resolution = 0.001)", async () => {
    const print = 'console.log(JSON.stringify({ energy: { v: 1000.0360000000001, u: "kWh" }, on: true }))';
    const driver = createDriver({
      driver: "exec",
      interval: 60,
      heartbeat: 300,
      options: { command: [process.execPath, "-e", print], resolution: 0.001 },
    });
    const clock = { t: Date.UTC(2026, 5, 1) };
    const { sampler, emitted } = sampled(driver, clock);
    await sampler.tick();
    expect(emitted[0]?.sample.readings?.energy).toEqual({ v: 1000.036, u: "kWh" });
    expectSignedAtResolution(driver, emitted);
  });

  it("signs 28.4 °C as 28.4 and 1000.036 kWh as 1000.036 (regression: issue 20)", () => {
    const driver: SensorDriver = {
      name: "regression",
      resolutions: { temperature: { unit: "Cel", step: "0.1" }, energy: { unit: "kWh", step: "0.001" } },
    };
    const { sampler, emitted } = sampled(driver, { t: Date.UTC(2026, 5, 1) });
    sampler.offer({
      readings: {
        temperature: { v: Math.round(28.4 / 0.1) * 0.1, u: "Cel" }, // 28.400000000000002, the old roundTo
        energy: { v: Math.round(1000.0364 / 0.001) * 0.001, u: "kWh" }, // 1000.0360000000001
      },
    });
    const [draft] = sampleDrafts(emitted[0]!.sample, emitted[0]!.at, OBJECT_ID);
    const s = parseStatement(chainNext(GENESIS_HEAD, encodeDraft(draft!), signer).bytes).statement;
    expect(s.t === "state" && String(s.readings.temperature?.v)).toBe("28.4");
    expect(s.t === "state" && String(s.readings.energy?.v)).toBe("1000.036");
  });
});
