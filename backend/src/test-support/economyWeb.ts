import { serveApi } from "../api/index.js";
import { economyRoutes } from "../economy/index.js";
import type { Problem } from "../errors/index.js";
import type { StatementLedger } from "../ledger/index.js";
import { launchTestBrowser, type TestBrowser } from "./chromiumPage.js";
import type { EconomyChain } from "./economyChain.js";

/** The web UI over a test ledger with the economy's routes on `c`, and a Chromium to look at it. */
export interface EconomyWeb {
  base: string;
  browser: TestBrowser;
  /** Every refusal the API answered, in order. */
  refusals: Problem[];
  close(): Promise<void>;
}

/**
 * Serves the passport API and web pages over `ledger` (a test ledger) with `economyRoutes` on the
 * test chain, whose admin relays payments.
 */
export async function serveEconomyWeb(c: EconomyChain, ledger: StatementLedger): Promise<EconomyWeb> {
  const refusals: Problem[] = [];
  const api = await serveApi({
    ledger,
    port: 0,
    rateLimit: false,
    routes: [economyRoutes({ clients: c.admin, deployment: c.d })],
    onRefusal: (p) => refusals.push(p),
  });
  const browser = await launchTestBrowser();
  return {
    base: `http://127.0.0.1:${api.port}`,
    browser,
    refusals,
    close: async () => {
      await browser.close();
      await api.close();
    },
  };
}
