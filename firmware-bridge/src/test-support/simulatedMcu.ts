import { EventEmitter, once } from "node:events";
import { type AddressInfo, createServer, type Socket } from "node:net";
import {
  bytesEqual,
  type Ed25519Signer,
  nobleVerifier,
  openStatement,
  type StatementOf,
  sha256,
  signStatement,
} from "@tet/schemas";
import { encodeFrame, FrameDecoder, type Message } from "../frame/index.js";

/**
 * A microcontroller in pass-through mode (PROTOCOL.md §5), simulated on a TCP line: it holds its own
 * key and its own avatar's chain (seq, prev), signs `connect` statements for the login requests the
 * bridge sends, signs its state statements itself, keeps each until a receipt covers it, and
 * resends what is uncovered when the host asks it to log in again (a new connection).
 */
export class SimulatedMcu extends EventEmitter<{ receipt: [seq: number] }> {
  private readonly server = createServer((s) => this.attach(s));
  private socket: Socket | undefined;
  private readonly decoder = new FrameDecoder();
  private seq = 0;
  private prev: Uint8Array = new Uint8Array(32);
  /** Signed statements not yet covered by a receipt, by seq. */
  readonly unacked = new Map<number, Uint8Array>();
  /** Every statement it signed, in order (the exact bytes). */
  readonly signed: Uint8Array[] = [];
  acked = 0;

  constructor(
    private readonly obj: Uint8Array,
    private readonly key: Ed25519Signer,
    /** Receipts count only when signed by the log's key (anyone else could make it drop statements). */
    private readonly logKey: Uint8Array,
  ) {
    super();
  }

  async listen(): Promise<number> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    return (this.server.address() as AddressInfo).port;
  }

  /** Signs a state statement into its chain and sends it (when the line is up). */
  report(readings: StatementOf<"state">["readings"]): Uint8Array {
    const s: StatementOf<"state"> = {
      v: 1,
      t: "state",
      ts: Date.now(),
      obj: this.obj,
      seq: ++this.seq,
      prev: this.prev,
      readings,
    };
    const bytes = signStatement(s, this.key);
    this.prev = sha256(bytes);
    this.unacked.set(s.seq, bytes);
    this.signed.push(bytes);
    this.send({ type: "statement", bytes });
    return bytes;
  }

  /** Sends any bytes as a statement frame (what a buggy or hostile MCU might). */
  sendStatement(bytes: Uint8Array): void {
    this.send({ type: "statement", bytes });
  }

  /** Cuts the line (a loose cable): the host reconnects and asks for a login, and the MCU resends. */
  dropLine(): void {
    this.socket?.destroy();
  }

  close(): Promise<void> {
    this.socket?.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private attach(s: Socket): void {
    this.socket = s;
    s.on("data", (chunk) => {
      for (const r of this.decoder.push(chunk)) if (r.ok) this.onMessage(r.message);
    });
    s.on("error", () => {});
    this.send({ type: "hello", firmware: "sim-1.0", device: "simulated-mcu", sensors: ["temperature"] });
  }

  private onMessage(m: Message): void {
    if (m.type === "login") {
      const connect = signStatement(
        { v: 1, t: "connect", ts: m.ts, obj: this.obj, nonce: m.nonce },
        this.key,
      );
      this.send({ type: "statement", bytes: connect });
      for (const bytes of this.unacked.values()) this.send({ type: "statement", bytes }); // resend uncovered
    } else if (m.type === "down") {
      const p = openStatement(m.bytes, { verifier: nobleVerifier });
      if (p.statement.t !== "receipt" || !bytesEqual(p.signer, this.logKey)) return;
      const seq = p.statement.seq;
      for (const k of this.unacked.keys()) if (k <= seq) this.unacked.delete(k);
      this.acked = Math.max(this.acked, seq);
      this.emit("receipt", seq);
    }
  }

  private send(m: Message): void {
    if (this.socket && !this.socket.destroyed) this.socket.write(encodeFrame(m));
  }
}
