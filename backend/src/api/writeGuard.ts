import { didKeyFromPublicKey, type Ed25519Verifier, type ParsedStatement } from "@tet/schemas";
import type { CheckedPolicy } from "./admissionPolicy.js";
import { ApiError } from "./apiError.js";
import { addressPrincipal, type LimitBuckets } from "./httpLimits.js";
import { openInvitation } from "./invitation.js";
import { takeToken } from "./rateLimit.js";
import type { TokenBuckets } from "./tokenBucket.js";

/** How an admitted write ended: the tokens of work that did not count are given back. */
export type WriteOutcome = "accepted" | "duplicate" | "refused";

/** The tokens one write holds until the ledger has answered. */
export interface WriteTicket {
  settle(outcome: WriteOutcome): void;
}

/** Statement kinds that extend an object's authority chain (what devices are sent on subscribe). */
const AUTHORITY = new Set(["key", "transfer", "relation"]);

/**
 * The order in which `POST /v1/statements` charges its limits, so that no one can spend another's:
 * the client address before anything is parsed (`address`), the signing key only once its signature
 * has verified (`admit`: a forger claiming someone's key spends its own address's tokens, never the
 * key's), then the admission policy for a genesis and the per-object caps, whose tokens are given
 * back when the ledger refuses the statement or already has it (`WriteTicket.settle`), so that
 * strangers' refused statements never use up an owner's object.
 */
export class WriteGuard {
  readonly #b: LimitBuckets;
  readonly #policy: CheckedPolicy;
  readonly #log: string;
  readonly #verifier: Ed25519Verifier;
  readonly #now: () => number;

  constructor(opts: {
    buckets: LimitBuckets;
    policy: CheckedPolicy;
    /** The log's origin: invitations name it. */
    log: string;
    verifier: Ed25519Verifier;
    now: () => number;
  }) {
    this.#b = opts.buckets;
    this.#policy = opts.policy;
    this.#log = opts.log;
    this.#verifier = opts.verifier;
    this.#now = opts.now;
  }

  /** Charges the client address before the body is parsed; throws RATE_LIMITED. */
  address(address: string): void {
    takeToken(this.#b.addressWrite, addressPrincipal(address));
  }

  /**
   * Charges a verified statement: its signer's write rate, then — for a new avatar — the admission
   * policy (ADMISSION_DENIED, INVITATION_REQUIRED, INVITATION_INVALID, ADMISSION_RATE_LIMITED,
   * ADMISSION_CAP_REACHED), or the object's caps (OBJECT_RATE_LIMITED). `exists`: the genesis names
   * an avatar already there (the ledger answers it as a duplicate; no admission is needed).
   */
  admit(p: ParsedStatement, opts: { address: string; invitation?: string; exists: boolean }): WriteTicket {
    const signer = didKeyFromPublicKey(p.signer);
    takeToken(this.#b.write, `key:${signer}`);
    const held: [TokenBuckets, string, WriteOutcome[]][] = [];
    const hold = (
      b: TokenBuckets | undefined,
      principal: string,
      code: ApiError["code"],
      back: WriteOutcome[],
    ) => {
      if (b === undefined) return;
      try {
        takeToken(b, principal, code);
      } catch (e) {
        for (const [hb, hp] of held) hb.refund(hp);
        throw e;
      }
      held.push([b, principal, back]);
    };
    const s = p.statement;
    if (s.t === "genesis") {
      if (!opts.exists && !this.#admitted(signer, opts.invitation)) {
        hold(this.#b.genesisPerAddress, addressPrincipal(opts.address), "ADMISSION_RATE_LIMITED", [
          "duplicate",
        ]);
        hold(this.#b.genesisPerDay, "all", "ADMISSION_CAP_REACHED", ["duplicate", "refused"]);
      }
    } else if ("obj" in s) {
      const obj = Buffer.from(s.obj).toString("hex");
      hold(this.#b.objectStatements, obj, "OBJECT_RATE_LIMITED", ["duplicate", "refused"]);
      if (AUTHORITY.has(s.t))
        hold(this.#b.objectAuthority, obj, "OBJECT_RATE_LIMITED", ["duplicate", "refused"]);
    }
    return {
      settle: (outcome) => {
        for (const [b, principal, back] of held) if (back.includes(outcome)) b.refund(principal);
      },
    };
  }

  /**
   * True when the signer is admitted beyond the open limits (listed, or invited); false when the
   * open limits apply; throws when the policy refuses it.
   */
  #admitted(signer: string, invitation: string | undefined): boolean {
    const policy = this.#policy;
    if (policy.keys.has(signer)) return true;
    if (invitation !== undefined) {
      if (policy.operator === undefined)
        throw new ApiError("INVITATION_INVALID", "invitation: this server takes no invitations");
      const inv = openInvitation(invitation, {
        operator: policy.operator,
        log: this.#log,
        now: this.#now(),
        verifier: this.#verifier,
      });
      if (inv.owner !== signer)
        throw new ApiError(
          "INVITATION_INVALID",
          `invitation: it admits ${inv.owner}, not the signer ${signer}`,
        );
      return true;
    }
    if (policy.mode === "allow-list")
      throw new ApiError("ADMISSION_DENIED", `${signer} is not on the allow-list`);
    if (policy.mode === "invite") throw new ApiError("INVITATION_REQUIRED");
    return false;
  }
}
