import type { Deployment } from "@tet/contracts";
import type { Hex } from "viem";
import { readBoundedJson } from "../peers/index.js";
import { attestationFromJson } from "./attestationWire.js";
import { CustodianError } from "./custodianError.js";
import { type DepositMessage, depositSigner } from "./depositAttestation.js";

/** Largest answer read from a peer. */
const MAX_PEER_BYTES = 1024 * 1024;

/**
 * Fetches another custodian process's signed attestations (`GET {peer}/v1/custodian/attestations`) and
 * keeps those whose EIP-712 signature recovers to the signer they name and whose signer is on the
 * board now; the others are counted as refused (BAD_PEER_ATTESTATION), never trusted.
 */
export async function fetchPeerAttestations(args: {
  peer: string;
  deployment: Pick<Deployment, "chainId" | "custodianBoard">;
  signers: ReadonlySet<string>;
  timeoutMs?: number;
}): Promise<{ attestations: { message: DepositMessage; signer: Hex; signature: Hex }[]; refused: number }> {
  let body: unknown;
  try {
    body = await readBoundedJson(new URL("/v1/custodian/attestations", args.peer), {
      maxBytes: MAX_PEER_BYTES,
      timeoutMs: args.timeoutMs ?? 3_000,
    });
  } catch (e) {
    throw new CustodianError("BAD_PEER_ATTESTATION", `peer ${args.peer}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const items = (body as { attestations?: unknown })?.attestations;
  if (!Array.isArray(items))
    throw new CustodianError("BAD_PEER_ATTESTATION", `peer ${args.peer}: no attestations list`);
  const attestations = [];
  let refused = 0;
  for (const item of items.slice(0, 4_096)) {
    try {
      const a = attestationFromJson(item);
      const who = await depositSigner(args.deployment, a.message, a.signature);
      if (who?.toLowerCase() !== a.signer.toLowerCase() || !args.signers.has(who.toLowerCase())) refused++;
      else attestations.push(a);
    } catch {
      refused++;
    }
  }
  return { attestations, refused };
}
