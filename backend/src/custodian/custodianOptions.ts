import { type OptionSpec, opt } from "../server/index.js";

/**
 * Every setting of `tet-backend custodian` (file key, `--flag`, `TET_*` variable, default): the
 * README's custodian table lists exactly these (a test keeps them in step).
 */
export const CUSTODIAN_OPTIONS: readonly OptionSpec[] = [
  opt(
    "custodian_rpc",
    { type: "url", schemes: ["http", "https"] },
    undefined,
    "the chain's JSON-RPC endpoint (required)",
  ),
  opt(
    "custodian_deployment",
    { type: "string" },
    undefined,
    "the deployment JSON (`tet chain deploy --out`, or `DATA/chain/deployment.json` of a local chain) (required)",
  ),
  opt(
    "custodian_keys",
    { type: "string" },
    undefined,
    "the custodian keys this process holds: files, comma-separated, each holding one 0x-hex key of the board's set (required; the first also signs the journal)",
  ),
  opt(
    "custodian_sender_key",
    { type: "string" },
    undefined,
    "file of the 0x-hex key that submits attestations and pays their gas (default: the first custodian key)",
  ),
  opt(
    "custodian_data",
    { type: "string" },
    "./data/custodian",
    "data directory: `custodian.db` (credits, payout queue, signed journal; one process per directory)",
  ),
  opt(
    "custodian_inbox",
    { type: "string" },
    undefined,
    "directory of bank statements (`*.csv`, camt.053 `*.xml`) to import; each file once, by its SHA-256",
  ),
  opt(
    "custodian_peers",
    { type: "string" },
    undefined,
    "other custodian processes, comma-separated `http://host:port`: their signed attestations are collected and submitted with this one's",
  ),
  opt(
    "custodian_port",
    { type: "port" },
    8092,
    "HTTP port of /v1/custodian/*, the webhook, /metrics, /healthz, /readyz (0 = any)",
  ),
  opt(
    "custodian_interval_ms",
    { type: "count" },
    5_000,
    "one round (read the chain, import, sign, collect, submit, queue, pay) every … ms",
  ),
  opt(
    "custodian_confirmations",
    { type: "count" },
    0,
    "blocks a PayoutInstruction must be buried under before it is queued (the chain's reorg depth; 0 on Anvil)",
  ),
  opt("custodian_submit", { type: "bool" }, true, "submit attestations once M signatures are present"),
  opt(
    "custodian_pay",
    { type: "bool" },
    true,
    "write payout orders for the queue (exactly one process per bank account pays; the others only journal)",
  ),
  opt(
    "custodian_payout_dir",
    { type: "string" },
    undefined,
    "where payout orders are written, `payout-orders-YYYY-MM-DD.csv` (default: `DATA/payout-orders`)",
  ),
  opt("custodian_payout_batch", { type: "count" }, 100, "payout orders written per round at most"),
  opt(
    "custodian_beneficiaries",
    { type: "string" },
    undefined,
    "CSV `address,name,iban` of payees' bank details; with it, a payout to an address not listed is held (NO_BENEFICIARY)",
  ),
  opt(
    "custodian_webhook_secret",
    { type: "string" },
    undefined,
    "file holding the payment provider's HMAC secret; enables POST /v1/custodian/webhook",
  ),
  opt(
    "log_level",
    { type: "enum", values: ["trace", "debug", "info", "warn", "error", "fatal", "silent"] },
    "info",
    "structured log level (pino JSON lines on stderr)",
  ),
];
