import { type ChainClients, ChainError, type Deployment, reserveAbi } from "@tet/contracts";
import type { Account } from "viem";
import type { CustodianErrorCode } from "./custodianError.js";
import type { Credit, CustodianStore } from "./custodianStore.js";
import { depositMessage, sameTerms, signDeposit } from "./depositAttestation.js";
import { fetchPeerAttestations } from "./fetchPeerAttestations.js";
import type { CustodyState } from "./readCustodyState.js";
import { type Attested, findAttested, submitDeposit } from "./submitDeposit.js";

type Target = Pick<Deployment, "chainId" | "reserve" | "custodianBoard" | "startBlock">;

/** What one attestation round reports back to the service. */
export interface AttestHooks {
  refused(code: CustodianErrorCode | string, detail: string): void;
  attested(c: Credit, a: Attested): void;
  peerFailed(peer: string, e: Error): void;
}

/**
 * One round of M-of-N attestation over the pending credits: each local custodian key on the board
 * signs each credit's Deposit message once (journal `credit.signed`); peers' signatures over the same
 * terms are collected (different terms for a reference: PEER_DISAGREES); a credit whose reference the
 * reserve already used is recorded attested from its Deposited event, and one with at least
 * `threshold` signatures of current custodians is submitted (when `submit`).
 */
export async function attestCredits(args: {
  store: CustodianStore;
  state: CustodyState;
  signers: readonly Account[];
  peers: readonly string[];
  clients: ChainClients;
  deployment: Target;
  submit: boolean;
  hooks: AttestHooks;
}): Promise<void> {
  const { store, state, deployment: d } = args;
  const pending = store.credits("pending");
  if (pending.length === 0) return;
  for (const c of pending) {
    const have = new Set(store.signatures(c.ref).map((s) => s.signer.toLowerCase()));
    for (const key of args.signers) {
      if (!state.signers.has(key.address.toLowerCase()) || have.has(key.address.toLowerCase())) continue;
      const signature = await signDeposit(key, d, depositMessage(c));
      await store.record(() => ({
        entries: [{ kind: "credit.signed", body: { ref: c.ref, signer: key.address } }],
        apply: () =>
          store.db
            .prepare("INSERT OR IGNORE INTO signatures VALUES (?, ?, ?)")
            .run(c.ref, key.address, signature),
      }));
    }
  }
  const byRef = new Map(pending.map((c) => [c.ref.toLowerCase(), c]));
  for (const peer of args.peers) {
    try {
      const got = await fetchPeerAttestations({ peer, deployment: d, signers: state.signers });
      for (let i = 0; i < got.refused; i++)
        args.hooks.refused("BAD_PEER_ATTESTATION", `${peer}: attestations not signed by a custodian`);
      for (const a of got.attestations) {
        const c = byRef.get(a.message.ref);
        if (!c) continue; // not on this custodian's statements (yet): never countersigned blindly
        if (!sameTerms(depositMessage(c), a.message)) {
          args.hooks.refused("PEER_DISAGREES", `${peer} signed other terms for ${c.bankRef}`);
          continue;
        }
        store.db
          .prepare("INSERT OR IGNORE INTO signatures VALUES (?, ?, ?)")
          .run(c.ref, a.signer, a.signature);
      }
    } catch (e) {
      args.hooks.peerFailed(peer, e as Error);
    }
  }
  for (const c of pending) {
    try {
      const used = await args.clients.public.readContract({
        address: d.reserve,
        abi: reserveAbi,
        functionName: "attestationUsed",
        args: [c.ref],
      });
      const sigs = store.signatures(c.ref).filter((s) => state.signers.has(s.signer.toLowerCase()));
      let done: Attested | undefined;
      if (used) done = await findAttested(args.clients, d, c.ref);
      else if (args.submit && sigs.length >= state.threshold)
        done = await submitDeposit(args.clients, d, depositMessage(c), sigs.slice(0, state.threshold));
      if (!done) continue;
      const a = done;
      await store.record(() => ({
        entries: [
          {
            kind: "credit.attested",
            body: {
              ref: c.ref,
              tx: a.tx,
              minted: a.minted.toString(),
              lotId: a.lotId.toString(),
              submittedHere: a.byUs ? 1 : 0,
            },
          },
        ],
        apply: () =>
          store.db
            .prepare("UPDATE credits SET status = 'attested', tx = ?, minted = ? WHERE ref = ?")
            .run(a.tx, a.minted.toString(), c.ref),
      }));
      args.hooks.attested(c, a);
    } catch (e) {
      const code = e instanceof ChainError ? (e.revertName ?? e.code) : "SUBMIT_FAILED";
      args.hooks.refused(code, `${c.bankRef}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
}
