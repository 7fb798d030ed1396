import { objectIdFromText, type StatementOf } from "@tet/schemas";
import type { Ledger } from "../ledger/index.js";
import { BillingError } from "./billingError.js";
import type { LoggedTariff } from "./computeInvoice.js";
import { loadStatements } from "./loadStatements.js";
import { ProviderAuthority } from "./providerAuthority.js";

/**
 * The provider-signed tariffs of each object, read from its log once and then kept current from the
 * ledger's appended feed (`appended`), so that opening a session and metering usage do not re-read
 * the log. Tariffs signed by anyone but the object's provider at the time are left out.
 *
 * @example
 * const tariffs = new TariffBook(ledger);
 * const t = await tariffs.inForce(objectIdText, Date.now()); // NO_TARIFF when none is in force
 */
export class TariffBook {
  readonly #ledger: Ledger;
  readonly #tariffs = new Map<string, LoggedTariff[]>();

  constructor(ledger: Ledger) {
    this.#ledger = ledger;
  }

  /** The provider-signed tariffs of an object, in log order (cached; kept current from the feed). */
  async list(object: string): Promise<LoggedTariff[]> {
    let list = this.#tariffs.get(object);
    if (list) return list;
    const auth = new ProviderAuthority();
    list = [];
    for (const { index, statement: s, signer } of await loadStatements(
      this.#ledger,
      objectIdFromText(object),
    )) {
      if (s.t === "tariff") {
        if (auth.isProvider(signer)) list.push({ index, s });
      } else auth.apply(s);
    }
    this.#tariffs.set(object, list);
    return list;
  }

  /** The cached tariffs of an object, or an empty list when they were never read. */
  cached(object: string): LoggedTariff[] {
    return this.#tariffs.get(object) ?? [];
  }

  /** The latest tariff in force at `now` (ms), or NO_TARIFF. */
  async inForce(object: string, now: number): Promise<LoggedTariff> {
    const inForce = (await this.list(object)).filter(
      (t) => t.s.from <= now && (t.s.until === undefined || now < t.s.until),
    );
    const t = inForce.at(-1);
    if (!t) throw new BillingError("NO_TARIFF", object);
    return t;
  }

  /** A tariff the ledger appended (it checked the provider): added to the object's list if it is cached. */
  appended(object: string, index: number, s: StatementOf<"tariff">): void {
    this.#tariffs.get(object)?.push({ index, s });
  }
}
