import { roundReadings } from "./resolution.js";
import type { Readings, Sample, SensorDriver } from "./sensorDriver.js";

export interface SamplerOptions {
  driver: SensorDriver;
  /** Milliseconds between reads of a poll driver. */
  intervalMs: number;
  /** Readings go out at least this often (ms), even when nothing changed. */
  heartbeatMs: number;
  /** Called with what should become statements: changed (or heartbeat) readings and all usage. */
  emit: (sample: Sample, at: number) => void;
  /** Called when a read fails; the sampler keeps going. */
  onError: (error: unknown) => void;
  now?: () => number;
}

/**
 * Drives one sensor: polls it every interval (or lets a push driver call in) and passes on readings
 * only when they changed or the heartbeat is due — so a quiet sensor costs one statement per
 * heartbeat — and every usage report at once. Timers are the only thing that wakes it: between
 * reads the agent is idle.
 */
export class Sampler {
  private timer: NodeJS.Timeout | undefined;
  private last: Readings | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private reading = false;
  private readonly now: () => number;

  constructor(private readonly o: SamplerOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    const { driver } = this.o;
    if (driver.start) driver.start((s) => this.offer(s));
    if (driver.read) {
      this.timer = setInterval(() => void this.tick(), this.o.intervalMs);
      void this.tick();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.o.driver.stop?.();
  }

  /** Reads once now (also what the timer does); resolves when the sample has been offered. */
  async tick(): Promise<void> {
    if (this.reading || !this.o.driver.read) return; // a slow driver never overlaps itself
    this.reading = true;
    try {
      this.offer(await this.o.driver.read(this.now()));
    } catch (e) {
      this.o.onError(e);
    } finally {
      this.reading = false;
    }
  }

  /**
   * Passes on what is new in a sample, its readings rounded to the driver's declared resolutions (so
   * a change below the resolution is no change); forces readings out when `force` (`report-now`).
   */
  offer(sample: Sample, force = false): void {
    const at = this.now();
    const out: Sample = {};
    if (sample.usage?.length) out.usage = sample.usage;
    const r = sample.readings && roundReadings(sample.readings, this.o.driver.resolutions);
    if (r && Object.keys(r).length > 0) {
      const due = force || at - this.lastSentAt >= this.o.heartbeatMs;
      if (due || !sameReadings(r, this.last)) {
        out.readings = r;
        this.last = r;
        this.lastSentAt = at;
      }
    }
    if (out.usage || out.readings) this.o.emit(out, at);
  }

  /** Forces the next read's readings out even if unchanged. */
  forceNext(): void {
    this.lastSentAt = Number.NEGATIVE_INFINITY;
  }
}

function sameReadings(a: Readings, b: Readings | undefined): boolean {
  if (!b) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] !== undefined && b[k].v === a[k]!.v && b[k].u === a[k]!.u);
}
