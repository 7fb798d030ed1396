/**
 * Hashes of complete blocks of the log (aligned subtrees of one level) once proven against a signed
 * root, in one flat growable buffer: 33 bytes a block (a flag and the 32-byte hash), so about 2
 * bytes per entry with blocks of 16 — a 10-million-entry log costs 20 MB, with no object per block.
 * A complete subtree never changes in an append-only log, so a proven hash stays valid.
 */
export class ProvenBlocks {
  #buf = new Uint8Array(33 * 1024);

  /** The proven hash of block `b`, or undefined. */
  get(b: number): Uint8Array | undefined {
    const at = b * 33;
    if (at + 33 > this.#buf.length || this.#buf[at] !== 1) return undefined;
    return this.#buf.subarray(at + 1, at + 33);
  }

  set(b: number, hash: Uint8Array): void {
    const at = b * 33;
    if (at + 33 > this.#buf.length) {
      const grown = new Uint8Array(Math.max(this.#buf.length * 2, at + 33 * 1024));
      grown.set(this.#buf);
      this.#buf = grown;
    }
    this.#buf[at] = 1;
    this.#buf.set(hash, at + 1);
  }

  /** Forgets every block (a new audit sweep proves them again). */
  clear(): void {
    this.#buf = new Uint8Array(33 * 1024);
  }
}
