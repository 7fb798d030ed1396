import type { PublishPacket } from "aedes";

/** A login as the broker received it: what a family's `authenticate` checks. */
export interface FamilyLogin {
  clientId: string;
  username: string;
  password: Uint8Array;
}

/** What the broker lends a family's login check: its clock, its login window, the address's budget. */
export interface FamilyLoginContext {
  now: () => number;
  /** ± this many ms between a login's own time and `now`. */
  windowMs: number;
  /**
   * Spends a token of the login's source address; call it once the cheap checks passed, before the
   * costly ones (a signature). False: refuse the login with `LOGIN_RATE_LIMITED`.
   */
  spend: () => boolean;
}

/** Publishes `body` as JSON (QoS 1) on `topic` as the broker itself, to whoever subscribed to it. */
export type SendJson = (topic: string, body: object) => void;

/**
 * A family of MQTT clients another module adds to the embedded broker, with its own login and its
 * own topics (billing's payers: an EIP-712 login, `tet/v1/o/{id}/pay`, their own ack topic). The
 * broker knows devices and backend clients only; a login whose username a family `claims` is the
 * family's to check, and its members' publishes and subscriptions are the family's to decide. Every
 * refusal is still counted and logged by the broker under the family's code.
 */
export interface ClientFamily {
  /** The family's name: its logins' label in `broker_login` and its members' tag in log lines. */
  readonly name: string;
  /** True when the login with this username is the family's. */
  claims(username: string): boolean;
  /**
   * Checks a claimed login: resolves to the member's id (e.g. its address), or rejects with a
   * `BackendError` whose code the broker counts (`connackCode` answers the CONNACK).
   */
  authenticate(login: FamilyLogin, ctx: FamilyLoginContext): Promise<string>;
  /**
   * True when the member may publish to `topic` (pure). A refused publish is acknowledged and
   * delivered to no one [MQTT-3.3.5-2].
   */
  mayPublish(member: string, topic: string): boolean;
  /** Rewrites a member's authorised publish before aedes routes it (e.g. re-addresses `packet.topic`). */
  routePublish?(member: string, packet: PublishPacket): void;
  /** Answers a member whose publish to `topic` was refused, where the family's protocol has a way. */
  publishRefused?(member: string, topic: string, send: SendJson): void;
  /** True when the member may subscribe to `filter`. */
  maySubscribe(member: string, filter: string): boolean;
}
