// The world of the billing scenario: a real ledger (SQLite in a temp dir), ingest and the embedded
// broker, Anvil with the contracts deployed, the billing and anchoring services, the passport API,
// and avatars with in-process agents whose simulated charger/desk meter usage deterministically.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Agent, type AgentConfig, type SessionMeter } from "@tet/agent";
import {
  AnchorService,
  type AppendedEvent,
  BillingService,
  type Broker,
  billingRoutes,
  type ChainedDraft,
  createApi,
  Ingest,
  StatementLedger as Ledger,
  payerFamily,
  SqliteStore,
  type StatementLedger,
  type StoredCheckpoint,
  signChained,
  startBroker,
} from "@tet/backend";
import { type ChainClients, connect, deploySystem, deposit, startAnvil, withAccount } from "@tet/contracts";
import {
  didKeyFromPublicKey,
  type Ed25519Signer,
  generatePrivateKey,
  objectIdFromGenesis,
  objectIdToText,
  type Statement,
  signStatement,
} from "@tet/schemas";
import { nodeSigner, nodeVerifier } from "@tet/schemas/node";
import { keccak256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { logKey } from "./support/index.js";

/** Anvil's public development keys: 0 deploys and anchors, 1 pays, 2 is the provider's payout. */
export const DEV = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
] as const;
export const INFRA = "0x00000000000000000000000000000000000001f0" as const;
export const BACKEND = { username: "tet-backend", password: randomBytes(12).toString("hex") };

export type World = Awaited<ReturnType<typeof startWorld>>;

/** Starts everything; `stop` tears it down in reverse. */
export async function startWorld(dir: string) {
  const key = logKey();
  const checkpoints: StoredCheckpoint[] = [];
  const cpWaiters = new Set<() => void>();
  const store = await SqliteStore.open(join(dir, "ledger.db"));
  const ledger: StatementLedger = await Ledger.open({
    store,
    origin: "billing.tet/log",
    signer: key.signer,
    verifier: nodeVerifier,
    checkpointMs: 20,
    onCheckpoint: (cp) => {
      checkpoints.push(cp);
      for (const w of cpWaiters) w();
    },
  });
  const ingest = new Ingest({ ledger, signer: key.signer, log: () => undefined });
  const broker: Broker = await startBroker({
    ingest,
    store,
    port: 0,
    backend: BACKEND,
    families: [payerFamily()],
    log: () => undefined,
  });
  const anvil = await startAnvil();
  const admin = await connect({ rpcUrl: anvil.rpcUrl, privateKey: DEV[0] });
  const d = await deploySystem(admin, { infrastructureFund: INFRA, keepGovernance: true });
  const payerAccount = privateKeyToAccount(DEV[1]);
  const payer = withAccount(admin, DEV[1]);
  const provider = withAccount(admin, DEV[2]);
  await deposit(admin, d, {
    currency: "RUB",
    amount: 10_000_000n, // 100,000 RUB → TET for the payer
    buyer: payerAccount.address,
    attestation: keccak256("0x01"),
  });
  const billingKey = nodeSigner(generatePrivateKey());
  const journal = join(dir, "billing-journal.jsonl");
  const billing = new BillingService({ ledger, chain: provider, deployment: d, signer: billingKey, journal });
  const errors: unknown[] = [];
  billing.on("error", (e) => errors.push(e));
  const anchor = new AnchorService({ ledger, chain: admin, deployment: d, everyMs: 0 });
  const bill = billingRoutes({ billing, anchor });
  const api = createApi({ ledger, rateLimit: false, web: false, routes: [bill], anchor: () => anchor.last });
  const agents: Agent[] = [];

  /** Resolves with the next appended entry matching `pred` (subscribe before causing it). */
  const next = (pred: (e: AppendedEvent) => boolean): Promise<AppendedEvent> =>
    new Promise((resolve) => {
      const off = ledger.onAppended((e) => {
        if (!pred(e)) return;
        off();
        resolve(e);
      });
    });
  const nextUsage = (session: string, phase: string) =>
    next((e) => e.statement.t === "usage" && e.statement.session === session && e.statement.phase === phase);

  /** Resolves once a checkpoint covers every entry appended so far. */
  const covered = (): Promise<StoredCheckpoint> => {
    const want = ledger.log.size;
    return new Promise((resolve) => {
      const check = () => {
        const cp = checkpoints.find((c) => c.size >= want);
        if (cp) {
          cpWaiters.delete(check);
          resolve(cp);
        }
      };
      cpWaiters.add(check);
      check();
    });
  };

  /**
   * An avatar owned by a provider whose billing key is a delegate, with a tariff (unit, price) paying
   * the provider's payout address, and a running agent metering with `meter`.
   */
  async function object(opts: { class: string; unit: "kWh" | "min"; price: bigint; meter: SessionMeter }) {
    const ownerKey = generatePrivateKey();
    const owner = nodeSigner(ownerKey);
    const device = nodeSigner(generatePrivateKey());
    const genesis = signStatement(
      {
        v: 1,
        t: "genesis",
        ts: Date.now(),
        owner: didKeyFromPublicKey(owner.publicKey),
        class: opts.class,
        deviceKeys: [device.publicKey],
        nonce: new Uint8Array(randomBytes(16)),
      },
      owner,
    );
    const obj = objectIdFromGenesis(genesis);
    const objectId = objectIdToText(obj);
    const sign = (s: Record<string, unknown>, by: Ed25519Signer = owner) =>
      signStatement({ v: 1, ts: Date.now(), obj, ...s } as unknown as Statement, by);
    await ledger.append(genesis);
    const delegate: ChainedDraft = {
      t: "key",
      ts: Date.now(),
      obj,
      action: "add",
      key: billingKey.publicKey,
      role: "delegate",
    };
    await ledger.append(await signChained(ledger, delegate, owner));
    const tariff = sign({
      t: "tariff",
      unit: opts.unit,
      price: opts.price,
      payout: Buffer.from(provider.wallet.account.address.slice(2), "hex"),
      from: Date.now() - 60_000,
    });
    const posted = await api.request("/v1/statements", {
      method: "POST",
      headers: { "content-type": "application/cose" },
      body: tariff as Uint8Array<ArrayBuffer>,
    });
    if (posted.status !== 201) throw new Error(`tariff: ${posted.status} ${await posted.text()}`);
    const config: AgentConfig = {
      objectId,
      keyPath: "unused",
      dataDir: join(dir, objectId),
      genesisPath: undefined,
      broker: {
        url: `mqtt://[::1]:${broker.port}`,
        protocol: 4,
        caPath: undefined,
        logKey: key.did,
        keepalive: 30,
        backoffMin: 0.05,
        backoffMax: 0.5,
      },
      outbox: { maxBytes: 1 << 20, policy: "drop-oldest", window: 64 },
      sensors: [],
    };
    const agent = new Agent({
      config,
      signer: device,
      drivers: [{ driver: opts.meter, intervalMs: 3_600_000, heartbeatMs: 3_600_000 }],
    });
    const linked = new Promise<void>((resolve) =>
      agent.link.on("state", (s) => s === "connected" && resolve()),
    );
    agent.start();
    agents.push(agent);
    await linked;
    return { objectId, obj, owner, ownerKey, device, sign, agent };
  }

  return {
    key,
    ledger,
    ingest,
    broker,
    anvil,
    admin,
    d,
    payer,
    payerAccount,
    provider,
    billing,
    billingKey,
    journal,
    anchor,
    /** The passport API (hono `request`, in process). */
    api: api as { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
    bill,
    errors,
    next,
    nextUsage,
    covered,
    object,
    async stop() {
      for (const a of agents) await a.stop().catch(() => undefined);
      await billing.close();
      await anchor.stop();
      await broker.close();
      await ingest.close();
      await ledger.close();
      await anvil.stop();
    },
  };
}

/** ERC-20 balance of `who` (TET base units). */
export async function balanceOf(clients: ChainClients, token: `0x${string}`, who: `0x${string}`) {
  const { tETTokenAbi } = await import("@tet/contracts");
  return clients.public.readContract({
    address: token,
    abi: tETTokenAbi,
    functionName: "balanceOf",
    args: [who],
  });
}
