import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { PayoutAdapter, PayoutOrder } from "./payoutAdapter.js";

export const PAYOUT_ORDER_COLUMNS = [
  "redemption_id",
  "currency",
  "amount",
  "beneficiary_name",
  "beneficiary_iban",
  "beneficiary_address",
  "remittance",
  "payout_ref",
  "instruction_tx",
  "ordered_at",
] as const;

const FILE = /^payout-orders-\d{4}-\d{2}-\d{2}\.csv$/;
const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The real payout adapter: payment orders as CSV batch files (`payout-orders-YYYY-MM-DD.csv`, one per
 * UTC day, the shape a bank's bulk-payment upload takes), one line per redemption, each appended and
 * fsynced before `order` returns. On first use it reads the files it wrote: a line torn by a crash
 * (no final newline) is cut off, and every redemption already ordered is known, so ordering it again
 * writes nothing and returns the same reference.
 */
export function csvPayoutWriter(dir: string): PayoutAdapter & { ordered(): Map<number, string> } {
  let known: Map<number, string> | undefined;
  const load = () => {
    mkdirSync(dir, { recursive: true });
    const m = new Map<number, string>();
    for (const name of readdirSync(dir)
      .filter((n) => FILE.test(n))
      .sort()) {
      const path = join(dir, name);
      let text = readFileSync(path, "utf8");
      if (text.length > 0 && !text.endsWith("\n")) {
        text = text.slice(0, text.lastIndexOf("\n") + 1);
        truncateSync(path, Buffer.byteLength(text));
        fsyncPath(path);
      }
      for (const line of text.split("\n").slice(1)) {
        const id = /^(\d+),/.exec(line)?.[1];
        if (id) m.set(Number(id), `${name}#${id}`);
      }
    }
    return m;
  };
  return {
    name: `csv:${dir}`,
    ordered: () => {
      known ??= load();
      return known;
    },
    async order(o: PayoutOrder) {
      known ??= load();
      const had = known.get(o.redemptionId);
      if (had) return { orderRef: had };
      const now = new Date().toISOString();
      const name = `payout-orders-${now.slice(0, 10)}.csv`;
      const path = join(dir, name);
      const fresh = !existsSync(path) || statSync(path).size === 0; // a torn header was cut off
      const fields = [
        String(o.redemptionId),
        o.currency,
        o.amount,
        o.name,
        o.iban,
        o.beneficiary,
        o.remittance,
        o.payoutRef,
        o.instructionTx,
        now,
      ];
      const fd = openSync(path, "a");
      try {
        writeSync(fd, `${fresh ? `${PAYOUT_ORDER_COLUMNS.join(",")}\n` : ""}${fields.map(cell).join(",")}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (fresh) fsyncPath(dir);
      const orderRef = `${name}#${o.redemptionId}`;
      known.set(o.redemptionId, orderRef);
      return { orderRef };
    },
  };
}
