import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  didKeyFromPublicKey,
  type Ed25519Signer,
  type Ed25519Verifier,
  objectIdFromText,
  publicKeyFromDidKey,
  signStatement,
} from "@tet/schemas/device";
import { nodeVerifier } from "@tet/schemas/node";
import { Authority, enrolmentHint, loadAuthorityChain, saveAuthorityChain } from "../authority/index.js";
import type { DeviceDraft } from "../chain/index.js";
import { type CommandRegistry, SeenCommands } from "../commands/index.js";
import type { AgentConfig } from "../config/index.js";
import { createDriver, Sampler, type SensorDriver } from "../drivers/index.js";
import { AgentError } from "../errors.js";
import { Link } from "../link/index.js";
import { registerMeteringCommands, SessionMeter } from "../metering/index.js";
import { Outbox } from "../outbox/index.js";
import type { ReceiptOutcome } from "../receipts/index.js";
import { type AgentStatus, writeStatus } from "../status/index.js";
import { builtinCommands } from "./builtinCommands.js";
import { DownHandler } from "./downHandler.js";
import { sampleDrafts } from "./sampleDrafts.js";
import { Sender } from "./sender.js";

export interface AgentOptions {
  config: AgentConfig;
  signer: Ed25519Signer;
  /** Drivers to use instead of the configured ones (tests, the firmware bridge). */
  drivers?: { driver: SensorDriver; intervalMs: number; heartbeatMs: number }[];
  /** Verifies every down message and the authority chain; default node:crypto (`nodeVerifier`). */
  verifier?: Ed25519Verifier;
  now?: () => number;
  /** Resend what is unacknowledged this long after the last receipt while connected; default 60 s. */
  resendMs?: number;
}

export interface AgentEvents {
  log: [line: string];
  stored: [count: number];
  receipt: [outcome: ReceiptOutcome];
  /** The agent stopped itself: its key is not (or no longer) bound to the avatar. */
  fatal: [error: AgentError];
}

/**
 * The device runtime: samplers → drafts → durable outbox (signed into the device chain) → MQTT link
 * → receipts drop what the backend holds; down messages update the authority chain and run commands.
 * It refuses to start when the authority chain it knows does not bind its key.
 */
export class Agent extends EventEmitter<AgentEvents> {
  readonly outbox: Outbox;
  readonly authority: Authority;
  readonly commands: CommandRegistry;
  readonly link: Link;
  private readonly samplers: Sampler[] = [];
  private readonly sender: Sender;
  private readonly down: DownHandler;
  private readonly obj: Uint8Array;
  private readonly now: () => number;
  private readonly status: AgentStatus;
  private statusTimer: NodeJS.Timeout | undefined;
  private queue = Promise.resolve();

  constructor(private readonly o: AgentOptions) {
    super();
    const c = o.config;
    this.now = o.now ?? Date.now;
    this.obj = objectIdFromText(c.objectId);
    const verifier = o.verifier ?? nodeVerifier;
    mkdirSync(c.dataDir, { recursive: true, mode: 0o700 });
    this.authority = new Authority(this.obj, verifier);
    const known = c.genesisPath ? [new Uint8Array(readFileSync(c.genesisPath))] : [];
    for (const bytes of [...known, ...loadAuthorityChain(c.dataDir)]) this.authority.accept(bytes);
    this.checkEnrolment("the authority chain it holds does not bind it");
    this.outbox = Outbox.open({
      dir: join(c.dataDir, "outbox"),
      objectId: this.obj,
      signer: o.signer,
      maxBytes: c.outbox.maxBytes,
      policy: c.outbox.policy,
      window: c.outbox.window,
      now: this.now,
      holdUntilHead: true, // a lost or rolled-back outbox must not sign seqs the log has used
    });
    this.commands = builtinCommands(() => this.samplers);
    this.link = new Link({
      url: c.broker.url,
      protocol: c.broker.protocol,
      objectId: c.objectId,
      caPath: c.broker.caPath,
      clientCert: c.broker.certPath ? { certPath: c.broker.certPath, keyPath: c.keyPath } : undefined,
      enrol: c.broker.enrolUrl ? { url: c.broker.enrolUrl, publicKey: o.signer.publicKey } : undefined,
      keepaliveS: c.broker.keepalive,
      backoff: { minMs: c.broker.backoffMin * 1000, maxMs: c.broker.backoffMax * 1000 },
      password: () =>
        signStatement(
          { v: 1, t: "connect", ts: this.now(), obj: this.obj, nonce: new Uint8Array(randomBytes(16)) },
          o.signer,
        ),
    });
    this.sender = new Sender(this.outbox, this.link, o.resendMs);
    this.status = {
      pid: process.pid,
      objectId: c.objectId,
      broker: c.broker.url,
      startedAt: this.now(),
      updatedAt: this.now(),
      link: "offline",
      enrolment: this.authority.known ? "bound" : "unknown",
      outbox: this.outbox.stats(),
      lastReceipt: null,
      lastRefusal: null,
      ignored: { total: 0, byCode: {}, last: null },
      lastRebase: null,
      outboxDamage: this.outbox.damage,
    };
    this.down = new DownHandler({
      objectId: this.obj,
      logKey: publicKeyFromDidKey(c.broker.logKey),
      verifier,
      outbox: this.outbox,
      authority: this.authority,
      registry: this.commands,
      seen: new SeenCommands(c.dataDir, this.now()),
      status: this.status,
      now: this.now,
      log: (line) => this.emit("log", line),
      authorityChanged: () => this.onAuthority(),
      receipt: (outcome) => {
        this.emit("receipt", outcome);
        this.sender.progressed();
      },
      store: (drafts) => this.store(drafts),
    });
  }

  /** Starts the link and the sensors. */
  start(): void {
    const c = this.o.config;
    this.link.on("state", (s) => {
      this.emit("log", `link ${s}`);
      if (s === "connected") this.sender.restart();
      this.touch();
    });
    this.link.on("message", (bytes) => this.serialise(() => this.onDown(bytes)));
    const damage = this.outbox.damage;
    if (damage)
      this.emit(
        "log",
        `outbox: OUTBOX_CORRUPT at byte ${damage.offset} of ${damage.fileBytes}; a copy is kept in ${damage.kept}; continuing from the records before it and from the log's head once a receipt names it`,
      );
    this.link.on("fault", (e) => this.emit("log", `link: ${e.message}`));
    this.link.on("refused", (code) => {
      this.status.lastRefusal = { code: `CONNACK ${code}`, at: this.now() };
      const why = `the broker refused the login with code ${code}`;
      this.emit(
        "log",
        code === 5 || code === 0x87 || code === 0x86
          ? enrolmentHint(c.objectId, this.o.signer.publicKey, why)
          : why,
      );
      this.touch();
    });
    const drivers =
      this.o.drivers ??
      c.sensors.map((s) => ({
        driver: createDriver(s),
        intervalMs: s.interval * 1000,
        heartbeatMs: s.heartbeat * 1000,
      }));
    for (const d of drivers) {
      // A metered driver answers start-session / stop-session (billing) with its own meter.
      if (d.driver instanceof SessionMeter) registerMeteringCommands(this.commands, d.driver);
      const sampler = new Sampler({
        ...d,
        now: this.now,
        emit: (sample, at) => this.store(sampleDrafts(sample, at, this.obj, this.outbox.stats().entries)),
        onError: (e) => this.emit("log", `sensor ${d.driver.name}: ${(e as Error).message}`),
      });
      this.samplers.push(sampler);
    }
    this.writeStatusNow();
    this.link.start();
    for (const s of this.samplers) s.start();
  }

  /** Stops sensors and the link, and closes the outbox; the status file keeps the last state. */
  async stop(): Promise<void> {
    for (const s of this.samplers) s.stop();
    this.sender.stop();
    await this.link.stop();
    await this.queue;
    clearTimeout(this.statusTimer);
    this.writeStatusNow();
    this.outbox.close();
  }

  /** Stores device statements durably and sends what the window lets through. */
  store(drafts: DeviceDraft[]): void {
    if (drafts.length === 0) return;
    const { stored, dropped } = this.outbox.add(drafts);
    if (dropped > 0)
      this.emit("log", `outbox full: dropped ${dropped} telemetry statement(s) (a gap statement records it)`);
    this.emit("stored", stored);
    this.sender.pump();
    this.touch();
  }

  private async onDown(bytes: Uint8Array): Promise<void> {
    try {
      await this.down.handle(bytes);
    } catch (e) {
      const code = (e as { code?: string }).code ?? "ERROR";
      this.emit("log", `down: ${code} ${(e as Error).message}`);
    }
    this.touch();
  }

  private onAuthority(): void {
    saveAuthorityChain(this.o.config.dataDir, this.authority.chain);
    try {
      this.checkEnrolment("the avatar's authority chain does not bind it");
      this.status.enrolment = "bound";
      this.touch();
    } catch (e) {
      this.status.enrolment = "not-bound";
      this.writeStatusNow();
      this.emit("fatal", e as AgentError);
    }
  }

  private checkEnrolment(why: string): void {
    if (!this.authority.known || this.authority.isDevice(this.o.signer.publicKey)) return;
    const { objectId } = this.o.config;
    throw new AgentError("KEY_NOT_BOUND", enrolmentHint(objectId, this.o.signer.publicKey, why));
  }

  // Down messages are handled one at a time, in order: a command's result follows its receipt.
  private serialise(fn: () => Promise<void> | void): void {
    this.queue = this.queue.then(fn, fn);
  }

  // The status file is written at most once a second, and only when something changed: idle stays idle.
  private touch(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.writeStatusNow();
    }, 1000);
  }

  private writeStatusNow(): void {
    Object.assign(this.status, { updatedAt: this.now(), link: this.link.state, outbox: this.outbox.stats() });
    writeStatus(this.o.config.dataDir, this.status);
  }

  /** This device's did:key. */
  get didKey(): string {
    return didKeyFromPublicKey(this.o.signer.publicKey);
  }
}
