import { EventEmitter } from "node:events";
import { readChannel, verifyVoucher } from "@tet/contracts";
import { objectIdFromText, objectIdToText, type Statement, signStatement } from "@tet/schemas";
import type { Address } from "viem";
import type { AppendedEvent } from "../ledger/index.js";
import { BillingError } from "./billingError.js";
import type { BillingEvents, BillingServiceOptions, VoucherOutcome } from "./billingServiceOptions.js";
import { checkVoucher } from "./checkVoucher.js";
import { computeInvoice, type InvoiceScope } from "./computeInvoice.js";
import type { Invoice } from "./invoice.js";
import { loadStatements } from "./loadStatements.js";
import { type ObjectBilling, objectBilling } from "./objectBilling.js";
import { providerStatement } from "./providerStatement.js";
import { SessionAccount } from "./sessionAccount.js";
import { type SessionRequest, sessionRequestSigner } from "./sessionRequest.js";
import { type SettlementRecord, settlementNoteText } from "./settlementNote.js";
import { settleSession } from "./settleSession.js";
import { signCommand } from "./signCommand.js";
import { TariffBook } from "./tariffBook.js";
import { VoucherJournal } from "./voucherJournal.js";
import type { VoucherMessage } from "./voucherMessage.js";

const key = (object: string, session: string) => `${object}/${session}`;

/**
 * The billing adapter around the pure core: opens paid sessions (checks the channel on chain and the
 * payer's EIP-712 binding, then commands the device to start), follows metered usage from the
 * ledger's appended feed, checks each voucher against it, commands a stop when payment falls short,
 * and settles closed sessions on chain (the provider redeems the latest voucher; 0.1 % goes to the
 * infrastructure fund), recording each settlement in the object's log.
 */
export class BillingService extends EventEmitter<BillingEvents> {
  readonly #o: BillingServiceOptions;
  readonly #accounts = new Map<string, SessionAccount>();
  readonly #channels = new Set<string>();
  readonly #opening = new Set<string>();
  readonly #tariffs: TariffBook;
  readonly #unhook: () => void;
  readonly #journal: VoucherJournal | undefined;
  #closed = false;
  #work: Promise<unknown> = Promise.resolve();

  constructor(o: BillingServiceOptions) {
    super();
    this.#o = o;
    this.#tariffs = new TariffBook(o.ledger);
    this.#unhook = o.ledger.onAppended((e) => this.#appended(e));
    this.#journal = o.journal ? new VoucherJournal(o.journal) : undefined;
  }

  /**
   * After a restart: replays the journal (sessions and accepted vouchers) and re-meters each open
   * session from its usage statements in the log, so payment checks and settlement carry on. Call
   * before serving. Resolves with the number of sessions recovered.
   */
  async recover(): Promise<number> {
    if (!this.#o.journal) return 0;
    const settled = new Set<string>();
    for (const r of VoucherJournal.read(this.#o.journal)) {
      if (r.t === "open") {
        this.#accounts.set(key(r.terms.object, r.terms.session), new SessionAccount(r.terms));
        this.#channels.add(r.terms.channel.toString());
      } else if (r.t === "voucher") this.#accounts.get(key(r.object, r.session))?.accept(r.signed);
      else settled.add(key(r.object, r.session));
    }
    for (const [k, a] of this.#accounts) {
      if (settled.has(k)) a.settling = true;
      const tariffs = await this.#tariffs.list(a.terms.object);
      for (const { index, statement: s } of await loadStatements(
        this.#o.ledger,
        objectIdFromText(a.terms.object),
      ))
        if (s.t === "usage" && s.session === a.terms.session) a.meter(index, s, tariffs);
      if (!settled.has(k)) this.#maybeSettle(a);
    }
    return this.#accounts.size;
  }

  get #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  /** The billing key's public half: providers add it as a delegate of their objects. */
  get key(): Uint8Array {
    return this.#o.signer.publicKey;
  }

  /** The account of a session, or UNKNOWN_SESSION. */
  account(object: string, session: string): SessionAccount {
    const a = this.#accounts.get(key(object, session));
    if (!a) throw new BillingError("UNKNOWN_SESSION", `${object}/${session}`);
    return a;
  }

  /**
   * Opens a paid session: the channel must exist on chain, pay the tariff's payout address, be
   * unused, unexpired and funded; its payer must have signed the request (EIP-712). Then the device
   * is commanded to `start-session` with the payer's did. Resolves with the command's log index.
   */
  async openSession(r: SessionRequest): Promise<{ command: number }> {
    const k = key(r.object, r.session);
    if (this.#accounts.has(k) || this.#opening.has(k)) throw new BillingError("SESSION_EXISTS", k);
    this.#opening.add(k); // reserved across the awaits below
    try {
      return await this.#open(r, k);
    } finally {
      this.#opening.delete(k);
    }
  }

  async #open(r: SessionRequest, k: string): Promise<{ command: number }> {
    const { ledger, chain, deployment: d } = this.#o;
    const tariff = await this.#tariffs.inForce(r.object, this.#now);
    const payee = `0x${Buffer.from(tariff.s.payout).toString("hex")}`;
    let c: Awaited<ReturnType<typeof readChannel>>;
    try {
      c = await readChannel(chain, d, r.channel);
    } catch (cause) {
      throw new BillingError("CHANNEL_INVALID", `channel ${r.channel} unknown`, { cause });
    }
    const nowS = BigInt(Math.floor(this.#now / 1000));
    if (c.payee.toLowerCase() !== payee)
      throw new BillingError("CHANNEL_INVALID", "payee is not the tariff's payout");
    if (c.expiry <= nowS || c.redeemed >= c.deposit)
      throw new BillingError("CHANNEL_INVALID", "expired or spent");
    const ch = r.channel.toString();
    if (this.#channels.has(ch)) throw new BillingError("CHANNEL_INVALID", "channel already backs a session");
    this.#channels.add(ch); // one channel, one session (vouchers are cumulative per channel)
    const signer = await sessionRequestSigner({ chainId: d.chainId, settlement: d.settlement, request: r });
    if (signer !== c.payer) {
      this.#channels.delete(ch);
      throw new BillingError("VOUCHER_BAD_SIGNATURE", "the request is not the channel payer's");
    }
    const acct = new SessionAccount({
      object: r.object,
      session: r.session,
      channel: r.channel,
      payee: c.payee,
      payerAddress: c.payer,
      rater: r.rater,
      deposit: c.deposit,
      channelExpiry: c.expiry,
    });
    this.#journal?.append({ t: "open", terms: acct.terms });
    this.#accounts.set(k, acct);
    const { index } = await ledger.append(
      this.#command(r.object, "start-session", { session: r.session, payer: r.rater }),
    );
    return { command: index };
  }

  /** Checks a voucher for a session and records it; a short one stops the session (VOUCHER_SHORT). */
  async submitVoucher(m: VoucherMessage): Promise<VoucherOutcome> {
    const a = this.account(m.object, m.session);
    const d = this.#o.deployment;
    const valid = await verifyVoucher({
      chainId: d.chainId,
      settlement: d.settlement,
      payer: a.terms.payerAddress as Address,
      signed: m.signed,
    }); // EIP-712 typed-data recovery; high-s refused (EIP-2)
    const verdict = checkVoucher(m.signed.voucher, valid, {
      channel: a.terms.channel,
      payee: a.terms.payee,
      deposit: a.terms.deposit,
      channelExpiry: a.terms.channelExpiry,
      accepted: a.accepted,
      required: a.required,
      now: BigInt(Math.floor(this.#now / 1000)),
    });
    if (!verdict.ok) throw new BillingError(verdict.code, `${m.object}/${m.session}`);
    this.#journal?.append({ t: "voucher", object: m.object, session: m.session, signed: m.signed });
    a.accept(m.signed);
    if (verdict.short) await this.#stop(a);
    else this.#maybeSettle(a);
    return {
      accepted: a.accepted.toString(),
      due: a.due.toString(),
      required: a.required.toString(),
      short: verdict.short,
    };
  }

  /** Settles a session now with its latest voucher (NOTHING_TO_SETTLE without one). */
  settle(object: string, session: string): Promise<SettlementRecord> {
    const a = this.account(object, session);
    const run = this.#work.then(() => this.#settle(a));
    this.#work = run.catch(() => undefined);
    return run;
  }

  /**
   * The invoice of one session or one period, computed from the object's statements below `size`
   * (default: the latest checkpoint's tree, so it can be recomputed from a bundle exported now).
   */
  async invoice(object: string, scope: InvoiceScope, size?: number): Promise<Invoice> {
    const id = objectIdFromText(object);
    size ??= this.#o.ledger.log.latestCheckpoint?.size ?? this.#o.ledger.log.size;
    return computeInvoice(id, await loadStatements(this.#o.ledger, id, size), scope, size);
  }

  /** Settlements and verified ratings of an object, read from its log. */
  async objectBilling(object: string): Promise<ObjectBilling> {
    return objectBilling(await loadStatements(this.#o.ledger, objectIdFromText(object)));
  }

  /** The provider statement of some objects over [from, to): every settlement with its transaction. */
  async providerStatement(objects: readonly string[], period: { from: number; to: number }) {
    const records = [];
    for (const object of objects)
      for (const r of (await this.objectBilling(object)).settlements) records.push({ ...r, object });
    return providerStatement(records, period);
  }

  /** Stops following the ledger; waits for settlements in progress. */
  async close(): Promise<void> {
    this.#unhook();
    await this.#work;
    if (!this.#closed) this.#journal?.close();
    this.#closed = true;
  }

  async #settle(a: SessionAccount): Promise<SettlementRecord> {
    if (!a.latest) throw new BillingError("NOTHING_TO_SETTLE", `${a.terms.object}/${a.terms.session}`);
    const record = await settleSession({
      chain: this.#o.chain,
      deployment: this.#o.deployment,
      account: a,
      now: this.#now,
    });
    const note: Statement = {
      v: 1,
      t: "event",
      ts: this.#now,
      obj: objectIdFromText(a.terms.object),
      event: "note",
      text: settlementNoteText(record),
    };
    this.#journal?.append({
      t: "settled",
      object: a.terms.object,
      session: a.terms.session,
      ref: record.ref,
    });
    await this.#o.ledger.append(signStatement(note, this.#o.signer));
    this.emit("settled", record);
    return record;
  }

  #maybeSettle(a: SessionAccount): void {
    if ((this.#o.autoSettle ?? true) && a.paidInFull && a.latest && !a.settling) {
      a.settling = true;
      this.settle(a.terms.object, a.terms.session).catch((e) => this.emit("error", e));
    }
  }

  async #stop(a: SessionAccount): Promise<void> {
    if (a.stopIssued || a.closed) return;
    a.stopIssued = true;
    const { object, session } = a.terms;
    const bytes = this.#command(object, "stop-session", { session, reason: "short-payment" });
    const { index } = await this.#o.ledger.append(bytes);
    this.#o.log?.(
      `billing: ${object}/${session} short (accepted ${a.accepted} < required ${a.required}): stop command ${index}`,
    );
    this.emit("stopped", object, session, index);
  }

  #command(object: string, name: string, args: Record<string, string>): Uint8Array {
    const { signer, commandTtlMs: ttlMs = 300_000 } = this.#o;
    return signCommand({ object, name, args, now: this.#now, ttlMs, signer });
  }

  #appended(e: AppendedEvent): void {
    if (!e.object) return;
    const s = e.statement;
    if (s.t === "tariff") {
      this.#tariffs.appended(objectIdToText(e.object), e.index, s); // the ledger checked the provider
      return;
    }
    if (s.t !== "usage") return;
    const a = this.#accounts.get(key(objectIdToText(e.object), s.session));
    if (!a) return;
    const tariffs = this.#tariffs.cached(a.terms.object);
    const short = a.meter(e.index, s, tariffs);
    if (short) this.#stop(a).catch((err) => this.emit("error", err));
    else this.#maybeSettle(a);
  }
}
