import { type ChainClients, ChainError, type Deployment } from "@tet/contracts";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  getAddress,
  isAddress,
  keccak256,
  toHex,
} from "viem";
import { z } from "zod";
import { describeRoute, jsonResponse, parametersOf, problems } from "../openapi/index.js";
import type { ChainLogs } from "./chainLogs.js";
import { EconomyError } from "./economyError.js";
import { readWallet } from "./readWallet.js";
import { relayPayment } from "./relayPayment.js";
import { chainFailure } from "./reserveRoutes.js";
import { planPayment } from "./walletPlan.js";

/** A payment request is two signatures and eight fields: a few hundred bytes. */
const MAX_PAYMENT_BODY = 4 * 1024;
const LOCAL_CHAIN_ID = 31_337;

const addressParam = (c: Context, name: string, raw = c.req.param(name) ?? c.req.query(name)): Address => {
  if (!raw || !isAddress(raw)) throw new EconomyError("BAD_ADDRESS", name);
  return getAddress(raw);
};
const amountQuery = (c: Context): bigint => {
  const raw = c.req.query("amount") ?? "";
  if (!/^[1-9][0-9]{0,77}$/.test(raw)) throw new EconomyError("BAD_AMOUNT", `amount=${raw.slice(0, 24)}`);
  return BigInt(raw);
};
const currencyQuery = (c: Context, name: string): string => {
  const raw = c.req.query(name) ?? "TET";
  if (raw === "TET" || /^[A-Z]{3}$/.test(raw) || isAddress(raw)) return raw;
  throw new EconomyError("BAD_CURRENCY", `${name}=${raw.slice(0, 24)}`);
};

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const addressPath = parametersOf("path", z.object({ address: address.describe("the holder's account") }));
const currency = (what: string) =>
  z.string().optional().describe(`${what}: \`TET\` (default), a listed currency code or a token address`);
const planQuery = z.object({
  recipient: address.describe("who is paid"),
  amount: z
    .string()
    .regex(/^[1-9][0-9]{0,77}$/)
    .describe("what the payer spends, in base units of `from`"),
  from: currency("what the payer pays in"),
  to: currency("what the recipient receives"),
});

/** A chain error of a read (an unknown fund, a stale rate in the quote) as the wallet's refusal. */
function walletFailure(e: unknown): never {
  if (e instanceof ChainError && e.code === "INVALID_INPUT")
    throw new EconomyError("BAD_CURRENCY", e.message);
  if (e instanceof ChainError && e.code === "CONTRACT_REVERTED")
    throw new EconomyError(e.revertName === "UnknownFund" ? "BAD_CURRENCY" : "PAYMENT_REFUSED", e.revertName);
  // A view that reverts (a stale rate, a fund short of liquidity): the quote is refused, not the chain down.
  const revert = e instanceof BaseError ? e.walk((x) => x instanceof ContractFunctionRevertedError) : null;
  if (revert instanceof ContractFunctionRevertedError)
    throw new EconomyError("PAYMENT_REFUSED", revert.data?.errorName ?? revert.shortMessage, { cause: e });
  return chainFailure(e, "latest");
}

/**
 * The wallet's routes: `GET /v1/wallet` (the chain and whether it is a local development chain),
 * `GET /v1/wallet/{address}` (balance, lots, funds, history from chain events),
 * `GET /v1/wallet/{address}/payment-plan?recipient=&amount=&from=&to=` (the router's quote, fee and
 * minOut, and the permit and order to sign), and `POST /v1/wallet/payments` (relays a signed payment
 * from the backend's chain account, one at a time, so the holder needs no ether).
 */
export function walletRoutes(chain: {
  clients: ChainClients;
  deployment: Deployment;
  logs: ChainLogs;
}): Hono {
  const app = new Hono();
  let sending: Promise<unknown> = Promise.resolve();
  app.get(
    "/v1/wallet",
    describeRoute({
      summary: "The wallet's chain: its id, whether it is a local development chain, token and router",
      responses: { "200": jsonResponse("`chainId`, `development`, `token`, `router`") },
    }),
    (c) =>
      c.json({
        chainId: chain.deployment.chainId,
        development: chain.deployment.chainId === LOCAL_CHAIN_ID,
        token: chain.deployment.token,
        router: chain.deployment.router,
      }),
  );
  app.get(
    "/v1/wallet/:address",
    describeRoute({
      summary: "A holder's wallet: balance, lots, funds and history from chain events",
      parameters: addressPath,
      responses: { "200": jsonResponse("the wallet"), ...problems(400, 409, 503) },
    }),
    async (c) => {
      const address = addressParam(c, "address");
      const w = await readWallet({ ...chain, address }).catch(walletFailure);
      return c.json(w, 200, { "cache-control": "no-cache" });
    },
  );
  app.get(
    "/v1/wallet/:address/payment-plan",
    describeRoute({
      summary: "Plan a payment: the router's quote, fee and minOut, and the permit and order to sign",
      parameters: [...addressPath, ...parametersOf("query", planQuery)],
      responses: { "200": jsonResponse("the plan"), ...problems(400, 409, 503) },
    }),
    async (c) => {
      const payer = addressParam(c, "address");
      const recipient = addressParam(c, "recipient");
      const amountIn = amountQuery(c);
      const [from, to] = [currencyQuery(c, "from"), currencyQuery(c, "to")];
      const ref = keccak256(toHex(`${payer}:${recipient}:${amountIn}:${Date.now()}:${Math.random()}`));
      const plan = await planPayment({ ...chain, payer, recipient, from, to, amountIn, ref }).catch(
        walletFailure,
      );
      return c.json(plan, 200, { "cache-control": "no-store" });
    },
  );
  app.post(
    "/v1/wallet/payments",
    describeRoute({
      summary: "Relay a signed payment from the backend's chain account (the holder needs no ether)",
      description:
        "The body is the payment plan's permit and order with the holder's two signatures (at most 4 KiB); payments are sent one at a time.",
      requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
      responses: { "201": jsonResponse("the relayed payment's transaction"), ...problems(400, 409, 503) },
    }),
    bodyLimit({
      maxSize: MAX_PAYMENT_BODY,
      onError: () => {
        throw new EconomyError("PAYMENT_MALFORMED", `a payment request is at most ${MAX_PAYMENT_BODY} bytes`);
      },
    }),
    async (c) => {
      const body = await c.req.json().catch(() => {
        throw new EconomyError("PAYMENT_MALFORMED", "body is not JSON");
      });
      const run = sending.then(() => relayPayment({ ...chain, body }));
      sending = run.catch(() => undefined);
      return c.json(await run, 201);
    },
  );
  return app;
}
