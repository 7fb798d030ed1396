import { execFile } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { objectIdToText, parseStatement } from "@tet/schemas";
import type { LedgerStore } from "../ledger/index.js";
import type { RevokedCertificate } from "./certificate.js";
import { DeviceCa } from "./deviceCa.js";

const run = promisify(execFile);

/** What the CRL publisher is given. */
export interface CrlPublisherOptions {
  ca: DeviceCa;
  /** The CA's folder: `revoked.json` (the revocations read from the ledger so far) lives there. */
  dir: string;
  /** Where the CRL is written (Mosquitto's `crlfile`). */
  crlPath: string;
  store: Pick<LedgerStore, "size" | "entries">;
  /** A shell command run after each CRL write, e.g. `kill -HUP $(cat /run/mosquitto.pid)`. */
  reload?: string | undefined;
  /** CRL validity in days (nextUpdate); it is re-issued every day and on each revocation. Default 30. */
  days?: number;
  log: (line: string) => void;
  now?: () => number;
}

interface State {
  scanned: number;
  number: number;
  revoked: { object: string; serial: string; at: number }[];
}

/**
 * Keeps the device CA's CRL in step with the ledger: every `key` statement that revokes a device key
 * puts that (object, key)'s certificate serial on the CRL (the serial is a function of both, see
 * `DeviceCa.serial`). `sync` reads the log from where it stopped (kept in `revoked.json`, so a restart
 * does not rescan), writes the CRL atomically (rename) and runs the reload command, since Mosquitto
 * reads its `crlfile` only at start and on SIGHUP (tested on 2.0.11). A revoked key is refused at its
 * next TLS handshake; a session already open is not cut by the reload (see docker/README.md).
 */
export class CrlPublisher {
  private state: State;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly o: CrlPublisherOptions) {
    this.now = o.now ?? Date.now;
    const file = join(o.dir, "revoked.json");
    this.state = existsSync(file)
      ? (JSON.parse(readFileSync(file, "utf8")) as State)
      : { scanned: 0, number: 0, revoked: [] };
  }

  /** Serials on the CRL, hex. */
  get revoked(): readonly string[] {
    return this.state.revoked.map((r) => r.serial);
  }

  /** Catches up with the ledger, publishes the CRL, and re-issues it daily until `close`. */
  async start(): Promise<void> {
    await this.sync(true);
    this.timer = setInterval(
      () => void this.sync(true).catch((e) => this.o.log(`device-ca: ${String(e)}`)),
      86_400_000,
    );
    this.timer.unref();
  }

  /** Reads new log entries; writes and reloads the CRL when a device key was revoked (or `force`). */
  sync(force = false): Promise<void> {
    const next = this.running.then(() => this.scan(force));
    this.running = next.catch(() => undefined);
    return next;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async scan(force: boolean): Promise<void> {
    const size = await this.o.store.size();
    let changed = force;
    while (this.state.scanned < size) {
      const page = await this.o.store.entries(this.state.scanned, 1000);
      if (page.length === 0) break;
      for (const e of page) {
        this.state.scanned = e.index + 1;
        if (e.kind !== "key" || e.bytes === null || e.object === null) continue;
        const s = parseStatement(e.bytes).statement; // the ledger verified it when it appended it
        if (s.t !== "key" || s.action !== "revoke" || s.role !== "device") continue;
        const object = objectIdToText(e.object);
        const serial = Buffer.from(DeviceCa.serial(object, s.key)).toString("hex");
        if (this.state.revoked.some((r) => r.serial === serial)) continue;
        this.state.revoked.push({ object, serial, at: e.ts });
        this.o.log(`device-ca: revoked the certificate of a device key of ${object} (serial ${serial})`);
        changed = true;
      }
    }
    if (changed) await this.publish();
    else this.save();
  }

  private async publish(): Promise<void> {
    this.state.number++;
    const revoked: RevokedCertificate[] = this.state.revoked.map((r) => ({
      serial: Buffer.from(r.serial, "hex"),
      at: r.at,
    }));
    const crl = this.o.ca.crl({
      revoked,
      number: this.state.number,
      now: this.now(),
      days: this.o.days ?? 30,
    });
    writeFileSync(`${this.o.crlPath}.tmp`, crl, { mode: 0o644 });
    renameSync(`${this.o.crlPath}.tmp`, this.o.crlPath); // a reader sees the old CRL or the new one
    this.save();
    if (this.o.reload) {
      await run("/bin/sh", ["-c", this.o.reload]).catch((e: Error) =>
        this.o.log(`device-ca: reload command failed: ${e.message}`),
      );
    }
  }

  private save(): void {
    const file = join(this.o.dir, "revoked.json");
    writeFileSync(`${file}.tmp`, JSON.stringify(this.state));
    renameSync(`${file}.tmp`, file);
  }
}
