import { type OptionSpec, opt } from "../server/index.js";

/**
 * Every setting of `tet-backend oracle` (file key, `--flag`, `TET_*` variable, default): the README's
 * oracle table lists exactly these (a test keeps them in step).
 */
export const ORACLE_OPTIONS: readonly OptionSpec[] = [
  opt(
    "oracle_rpc",
    { type: "url", schemes: ["http", "https"] },
    undefined,
    "the chain's JSON-RPC endpoint (required)",
  ),
  opt(
    "oracle_deployment",
    { type: "string" },
    undefined,
    "the deployment JSON (`tet chain deploy --out`, or `DATA/chain/deployment.json` of a local chain) (required)",
  ),
  opt(
    "oracle_keys",
    { type: "string" },
    undefined,
    "the oracle keys this process holds: files, comma-separated, each holding one 0x-hex key of the oracle's set (required; one file per key, never a key shared with anything else)",
  ),
  opt(
    "oracle_sender_key",
    { type: "string" },
    undefined,
    "file of the 0x-hex key that sends the posts and pays their gas (default: the first oracle key)",
  ),
  opt(
    "oracle_source",
    { type: "string" },
    "simulated",
    "where rates come from: `simulated` (the seeded walk), a JSON file's path, or an `http(s)://` feed URL",
  ),
  opt(
    "oracle_source_path",
    { type: "string" },
    undefined,
    "dot path to the feed's object of rates by currency (default: the document, or its `rates`)",
  ),
  opt(
    "oracle_source_invert",
    { type: "bool" },
    false,
    "the feed gives currency units per peg unit (1 / rate is quoted)",
  ),
  opt(
    "oracle_source_time_path",
    { type: "string" },
    "timestamp",
    "dot path to the feed's observation time (Unix s or ms, or ISO 8601); without one the chain's time is used",
  ),
  opt("oracle_seed", { type: "string" }, "tet", "seed of the simulated walk"),
  opt(
    "oracle_funds",
    { type: "string" },
    undefined,
    "funds to quote, comma-separated ISO codes or token addresses (default: every listed non-peg fund)",
  ),
  opt(
    "oracle_peers",
    { type: "string" },
    undefined,
    "other oracle processes, comma-separated `http://host:port`: their signed quotes are collected and posted with this one's",
  ),
  opt(
    "oracle_port",
    { type: "port" },
    8091,
    "HTTP port of /v1/oracle/quotes, /v1/oracle/status, /metrics, /healthz, /readyz (0 = any)",
  ),
  opt(
    "oracle_interval_ms",
    { type: "count" },
    10_000,
    "one round (read the chain and the source, sign, collect, post) every … ms",
  ),
  opt(
    "oracle_refresh_percent",
    { type: "count" },
    50,
    "post when the rate on chain is this old, percent of the reserve's `maxRateAge`",
  ),
  opt(
    "oracle_deviation_bps",
    { type: "count" },
    50,
    "…or when the median moved this much from it, basis points",
  ),
  opt(
    "oracle_warn_percent",
    { type: "count" },
    75,
    "a fund is `approaching staleness` (metric, log, /readyz) from this age on, percent of `maxRateAge`",
  ),
  opt(
    "oracle_skew_s",
    { type: "count" },
    60,
    "quotes are posted together only within this many seconds of each other",
  ),
  opt(
    "oracle_post",
    { type: "bool" },
    true,
    "post bundles; false: only sign and serve quotes for a peer to post",
  ),
  opt(
    "log_level",
    { type: "enum", values: ["trace", "debug", "info", "warn", "error", "fatal", "silent"] },
    "info",
    "structured log level (pino JSON lines on stderr)",
  ),
];
