import type { Client } from "aedes";
import { isBackendError } from "../errors/index.js";
import type { Counters } from "../ingest/index.js";
import { addressKey } from "./addressKey.js";
import { BrokerError } from "./brokerError.js";
import type { BrokerLimits } from "./brokerLimits.js";
import { checkLogin, type LoginContext } from "./checkLogin.js";
import { KeyedBuckets } from "./keyedBuckets.js";
import type { Principal } from "./topicAcl.js";

/** What the gate needs: the login checks' context, the limits, and where principals and counts go. */
export interface LoginGateOptions {
  ctx: Omit<LoginContext, "deviceLogins">;
  limits: Pick<
    BrokerLimits,
    | "loginsPerDevicePerMinute"
    | "loginBurstPerDevice"
    | "loginsPerAddressPerSecond"
    | "loginBurstPerAddress"
    | "maxPendingLogins"
  >;
  principals: WeakMap<Client, Principal>;
  counters: Counters;
  log: (line: string) => void;
}

type Authenticate = (
  client: Client,
  username: Readonly<string> | undefined,
  password: Readonly<Buffer> | undefined,
  done: (error: (Error & { returnCode: number }) | null, success: boolean | null) => void,
) => void;

/** The source address of a client: its TCP socket's, or for MQTT over WebSocket its HTTP request's. */
export function clientAddress(client: Client): string | undefined {
  const tcp = "remoteAddress" in client.conn ? client.conn.remoteAddress : undefined;
  return tcp ?? client.req?.socket?.remoteAddress;
}

/**
 * aedes' `authenticate` hook around `checkLogin`, with bounds on what logins may cost: at most
 * `maxPendingLogins` under way at once (LOGIN_BUSY); a token bucket per source address spent by a
 * login that passed the cheap checks and is about to cost a key lookup and a signature check,
 * given back once the login is accepted — so only such logins that fail or still wait count
 * against an address, and a device refused for its own rate (before any of that) costs its
 * neighbours behind the same address nothing; and a bucket per device spent only by its verified
 * logins (both LOGIN_RATE_LIMITED). Load and rate refusals are CONNACK 3 "server unavailable";
 * every refusal is counted by code and logged once (rate-limited ones at most once a second per
 * address).
 */
export function loginGate(opts: LoginGateOptions): Authenticate {
  const { limits, counters, log } = opts;
  const now = opts.ctx.now;
  // A rate of 0 turns its limiter off.
  const addresses =
    limits.loginsPerAddressPerSecond > 0
      ? new KeyedBuckets({ rate: limits.loginsPerAddressPerSecond, burst: limits.loginBurstPerAddress, now })
      : undefined;
  const ctx: LoginContext = {
    ...opts.ctx,
    deviceLogins:
      limits.loginsPerDevicePerMinute > 0
        ? new KeyedBuckets({
            rate: limits.loginsPerDevicePerMinute / 60,
            burst: limits.loginBurstPerDevice,
            now,
          })
        : undefined,
  };
  const logLines = new KeyedBuckets({ rate: 1, burst: 3, now });
  let pending = 0;
  return (client, username, password, done) => {
    const address = addressKey(clientAddress(client));
    const refuse = (e: unknown) => {
      // A family's own refusals (billing's payers) are backend errors too, counted by their code.
      const code = isBackendError(e) ? e.code : "LOGIN_MALFORMED";
      counters.inc("broker_refused", code);
      const limited = code === "LOGIN_RATE_LIMITED" || code === "LOGIN_BUSY";
      if (!limited || logLines.take(address))
        log(
          `broker: refused ${code} client=${client.id.slice(0, 64)} from=${address} ${e instanceof Error ? e.message : ""}`,
        );
      // [MQTT-3.2.2-5]: CONNACK with a non-zero return code, then close.
      done(isBackendError(e) ? e : new BrokerError("LOGIN_MALFORMED", String(e)), false);
    };
    if (pending >= limits.maxPendingLogins)
      return refuse(new BrokerError("LOGIN_BUSY", `${pending} pending`));
    pending++;
    let spent = false;
    const spend = () => {
      spent = addresses?.take(address) ?? true;
      return spent;
    };
    checkLogin(
      { clientId: client.id, username: username ?? undefined, password: password ?? undefined },
      { ...ctx, spend },
    ).then(
      (who) => {
        pending--;
        if (spent) addresses?.give(address);
        opts.principals.set(client, who);
        counters.inc("broker_login", who.kind === "member" ? who.family.name : who.kind);
        done(null, true);
      },
      (e: unknown) => {
        pending--;
        refuse(e);
      },
    );
  };
}
