import { type Ed25519Verifier, isTetError, openStatement, type ParsedStatement } from "@tet/schemas/device";
import { AUTHORITY_KINDS, type Authority } from "../authority/index.js";
import type { DeviceDraft } from "../chain/index.js";
import { type CommandRegistry, handleCommand, type SeenCommands } from "../commands/index.js";
import { isAgentError } from "../errors.js";
import type { Outbox } from "../outbox/index.js";
import { handleReceipt, type ReceiptOutcome } from "../receipts/index.js";
import { type AgentStatus, countIgnored } from "../status/index.js";
import { describeChain } from "./describeChain.js";

/** What the down handler works with: the agent's parts, and callbacks into it. */
export interface DownHandlerOptions {
  objectId: Uint8Array;
  logKey: Uint8Array;
  verifier: Ed25519Verifier;
  outbox: Outbox;
  authority: Authority;
  registry: CommandRegistry;
  seen: SeenCommands;
  status: AgentStatus;
  now: () => number;
  log: (line: string) => void;
  /** An authority statement was applied (persist the chain, check the enrolment). */
  authorityChanged: () => void;
  /** A receipt was applied. */
  receipt: (outcome: ReceiptOutcome) => void;
  /** Chains a command's result. */
  store: (drafts: DeviceDraft[]) => void;
}

/** Receipts older than this, counted back from the start of the run, never move the chain head. */
const REBASE_WINDOW_MS = 10 * 60_000;

/**
 * Handles one message from the device's `down` topic, verifying before acting (schemas README, MQTT
 * protocol: Down). Every message is opened with `openStatement` — strict decoding, then the Ed25519
 * signature against its `kid` — and then checked against who may send it: receipts the configured
 * log key, authority statements whoever the authority chain allows (`Authority.accept`), commands
 * the current owner or a delegate. Anything else is ignored with one log line and counted by code in
 * the status file (`tet-agent status`), and changes nothing: not the outbox, the authority chain nor
 * the command journal.
 */
export class DownHandler {
  private rebaseNotBefore: number;

  constructor(private readonly o: DownHandlerOptions) {
    this.rebaseNotBefore = o.status.startedAt - REBASE_WINDOW_MS;
  }

  async handle(bytes: Uint8Array): Promise<void> {
    let p: ParsedStatement;
    try {
      p = openStatement(bytes, { verifier: this.o.verifier });
    } catch (e) {
      return this.ignore(isTetError(e) ? e.code : "DOWN_UNEXPECTED", "?", (e as Error).message);
    }
    const t = p.statement.t;
    if (t === "receipt") return this.onReceipt(p);
    if (AUTHORITY_KINDS.has(t)) return this.onAuthority(bytes, t);
    if (t === "command") return this.onCommand(p);
    this.ignore("DOWN_UNEXPECTED", t, "not a receipt, authority statement or command");
  }

  private onReceipt(p: ParsedStatement): void {
    const { logKey, objectId, outbox, status } = this.o;
    const outcome = handleReceipt(p, { logKey, objectId, outbox, rebaseNotBefore: this.rebaseNotBefore });
    if (outcome.kind === "ignored") {
      this.ignore("RECEIPT_INVALID", "receipt", outcome.why);
      return;
    }
    status.lastReceipt = { seq: outcome.seq, at: this.o.now() };
    const line = describeChain(outcome.chain);
    if (line) this.o.log(line);
    if (outcome.kind === "rebased") {
      this.rebaseNotBefore = p.statement.ts; // an older receipt must not move the head back again
      status.lastRebase = { ...outcome.chain, at: this.o.now() };
    }
    if (outcome.kind === "refused") {
      status.lastRefusal = {
        code: outcome.code,
        at: this.o.now(),
        ...(outcome.refusedSeq ? { seq: outcome.refusedSeq } : {}),
      };
      this.o.log(
        `receipt: seq ${outcome.refusedSeq ?? "?"} refused with ${outcome.code}${outcome.resynced ? "; chain resynchronised" : ""}`,
      );
    }
    this.o.receipt(outcome);
  }

  private onAuthority(bytes: Uint8Array, t: string): void {
    let applied: boolean;
    try {
      applied = this.o.authority.accept(bytes);
    } catch (e) {
      if (!isAgentError(e, "AUTHORITY_INVALID")) throw e;
      this.ignore(e.code, t, e.message);
      return;
    }
    if (applied) this.o.authorityChanged();
  }

  private async onCommand(p: ParsedStatement): Promise<void> {
    const { authority, registry, seen, now } = this.o;
    const outcome = await handleCommand(p, { authority, registry, seen, now });
    if (outcome.ignored) return this.ignore(outcome.ignored, "command", outcome.log);
    this.o.log(outcome.log);
    if (outcome.result) this.o.store([outcome.result]);
  }

  private ignore(code: string, kind: string, why: string): void {
    countIgnored(this.o.status.ignored, code, kind, this.o.now());
    this.o.log(`down ignored: ${code} (${kind}) ${why}`);
  }
}
