const problem = {
  description: "RFC 9457 problem details",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};
const idParam = {
  name: "id",
  in: "path",
  required: true,
  description: "object id: 26 characters of lowercase base32",
  schema: { type: "string", pattern: "^[a-z2-7]{26}$" },
};
const q = (name: string, description: string, type = "string") => ({
  name,
  in: "query",
  required: false,
  description,
  schema: { type },
});
const json = (description: string, schema: object = { type: "object" }) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = { "400": problem, "404": problem, "429": problem };
const sessionParam = {
  name: "session",
  in: "path",
  required: true,
  description: "the session id: 1–64 printable ASCII characters",
  schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,64}$" },
};
const period = [
  q("from", "period start, ms since the epoch (default 0)", "integer"),
  q("to", "period end, exclusive, ms since the epoch (default: the end of time)", "integer"),
];
const jsonBody = (ref: string) => ({
  required: true,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const decimal = { type: "string", pattern: "^(0|[1-9][0-9]*)$" };

/**
 * The OpenAPI 3.1 description of the passport API and the billing routes mounted next to it, served at
 * `/v1/openapi.json` and rendered at `/v1/docs`. Kept by hand next to the routes; a test checks that
 * every `/v1` route the app serves (billing included) is described.
 */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "TET Avatars passport API",
    version: "1.0.0",
    description:
      "Passports of physical objects and their verifiable history. Reads are open; writes are signed COSE_Sign1 statements whose signature is the authentication; billing requests and vouchers are EIP-712-signed by the channel's payer. Errors are RFC 9457 problem details with a stable `code`.",
  },
  paths: {
    "/v1/objects": {
      get: {
        summary: "Search and list avatars",
        parameters: [
          q("q", "free text over id, class, name, model, manufacturer, serial"),
          q("kind", "the object class"),
          q("owner", "the owner's did:key"),
          q("after", "continue after this object id"),
          q("limit", "1–500 (default 50)", "integer"),
        ],
        responses: {
          "200": json("a page of object summaries", { $ref: "#/components/schemas/ObjectPage" }),
          ...errors,
        },
      },
    },
    "/v1/objects/{id}": {
      get: {
        summary: "The passport of an avatar",
        description:
          "Identity, class, model, manufacturer, serial, owner and every owner with dates, bound keys, documents, warranties with status, events, current state, relations, tariffs, counts. JSON, or deterministic CBOR for `Accept: application/cbor`.",
        parameters: [idParam],
        responses: {
          "200": {
            description: "the passport",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/Passport" } },
              "application/cbor": { schema: { $ref: "#/components/schemas/Passport" } },
            },
          },
          ...errors,
        },
      },
    },
    "/v1/objects/{id}/history": {
      get: {
        summary: "The object's statements with their log index, paginated",
        parameters: [
          idParam,
          q("after", "log index to continue after (exclusive)", "integer"),
          q("limit", "1–1,000 (default 100)", "integer"),
          q("kind", "only statements of this kind"),
        ],
        responses: { "200": json("a page of history items and the `next` cursor"), ...errors },
      },
    },
    "/v1/objects/{id}/series": {
      get: {
        summary: "The object's state readings in a time range, all of them or evenly sampled (for charts)",
        parameters: [
          idParam,
          q("from", "range start, ms since the epoch (default 0)", "integer"),
          q("to", "range end, exclusive, ms since the epoch (default: now and later)", "integer"),
          q("points", "1–2,000 (default 600): more state statements than this are sampled", "integer"),
        ],
        responses: {
          "200": json("`{from, to, sampled, items: [{index, seq, ts, readings}]}` in log order"),
          ...errors,
        },
      },
    },
    "/v1/objects/{id}/bundle": {
      get: {
        summary:
          "Export: every statement of the object, their inclusion proofs and a signed checkpoint (CBOR)",
        parameters: [idParam],
        responses: {
          "200": {
            description: "the bundle (see backend/README.md, Bundle format)",
            content: { "application/cbor": {} },
          },
          ...errors,
        },
      },
    },
    "/v1/objects/{id}/events": {
      get: {
        summary: "Server-sent events of the object's new statements",
        parameters: [idParam, q("after", "replay entries after this log index first", "integer")],
        responses: {
          "200": { description: "`statement` events; id = log index", content: { "text/event-stream": {} } },
          ...errors,
        },
      },
    },
    "/v1/statements": {
      post: {
        summary: "Append a signed statement",
        description:
          "Genesis, transfer, warranty, event, document, relation, key, tariff, command or rating, as COSE_Sign1 bytes (at most 16 KiB). Transfer, key and relation need the current owner; a warranty its named issuer (claims: the owner); events and commands the owner or a delegate; documents the owner or the manufacturer (genesis `maker`). Device statements are refused (they arrive over MQTT). Limits, charged in this order: writes per client address (before anything is parsed), per signing key (once the signature verifies), a genesis's admission (`ADMISSION_DENIED`, `INVITATION_REQUIRED`, `INVITATION_INVALID` 403; `ADMISSION_RATE_LIMITED`, `ADMISSION_CAP_REACHED` 429), statements per object per day (`OBJECT_RATE_LIMITED` 429).",
        parameters: [
          {
            name: "tet-invitation",
            in: "header",
            description:
              "with a genesis: an operator's invitation (`tet-backend invite`, base64url of a C2SP signed note) admitting its signer",
            schema: { type: "string" },
          },
        ],
        requestBody: {
          required: true,
          content: { "application/cose": { schema: { type: "string", contentEncoding: "binary" } } },
        },
        responses: {
          "201": json("appended: `index`, `object`, `kind`, `signer`"),
          "200": json("already in the log: the same `index`"),
          "401": problem,
          "403": problem,
          "409": problem,
          "413": problem,
          "415": problem,
          "422": problem,
          ...errors,
        },
      },
    },
    "/v1/log/checkpoint": {
      get: {
        summary: "The latest checkpoint (C2SP signed note)",
        responses: { "200": { description: "signed note", content: { "text/plain": {} } }, "503": problem },
      },
    },
    "/v1/log/key": {
      get: {
        summary: "The log's public key: did:key and note verifier key",
        responses: { "200": json("origin, did, verifierKey") },
      },
    },
    "/v1/log/proof/inclusion": {
      get: {
        summary: "Inclusion proof (RFC 9162 §2.1.3)",
        parameters: [
          { ...q("index", "log index", "integer"), required: true },
          q("size", "tree size (default: the latest checkpoint)", "integer"),
        ],
        responses: { "200": json("index, size, leafHash, proof (base64)"), ...errors },
      },
    },
    "/v1/log/proof/consistency": {
      get: {
        summary: "Consistency proof (RFC 9162 §2.1.4)",
        parameters: [
          { ...q("from", "older tree size", "integer"), required: true },
          q("to", "newer tree size (default: the latest checkpoint)", "integer"),
        ],
        responses: { "200": json("from, to, proof (base64)"), ...errors },
      },
    },
    "/v1/objects/{id}/sessions": {
      post: {
        summary: "Open a paid session (billing)",
        description:
          "The channel must exist on chain, pay the tariff's payout address, be unused, unexpired and funded; `signature` is the channel payer's EIP-712 signature of `Session(uint256 channel, string object, string session, string rater)`. The device is then commanded to `start-session`. Served when billing is configured.",
        parameters: [idParam],
        requestBody: jsonBody("SessionRequest"),
        responses: {
          "201": json("opened: `object`, `command` (the start command's log index)"),
          "401": problem,
          "409": problem,
          ...errors,
        },
      },
    },
    "/v1/objects/{id}/sessions/{session}": {
      get: {
        summary: "A paid session's account: what is due, required and accepted",
        parameters: [idParam, sessionParam],
        responses: { "200": json("the account", { $ref: "#/components/schemas/SessionAccount" }), ...errors },
      },
    },
    "/v1/objects/{id}/vouchers": {
      post: {
        summary: "Pay a session with an EIP-712 voucher (the HTTP twin of MQTT `tet/v1/o/{id}/pay`)",
        description:
          "The voucher must be signed by the channel's payer, name the session's channel and payee, be above the last accepted one, within the deposit and unexpired. 402 when accepted but below what is required: the session is being stopped.",
        parameters: [idParam],
        requestBody: jsonBody("VoucherMessage"),
        responses: {
          "200": json("accepted", { $ref: "#/components/schemas/VoucherOutcome" }),
          "402": json("accepted but short: the session is being stopped", {
            $ref: "#/components/schemas/VoucherOutcome",
          }),
          "401": problem,
          "409": problem,
          ...errors,
        },
      },
    },
    "/v1/objects/{id}/sessions/{session}/settle": {
      post: {
        summary: "Settle a session on chain now with its latest voucher",
        parameters: [idParam, sessionParam],
        responses: {
          "200": json("the settlement record: amounts, fee, transaction, block"),
          "409": problem,
          ...errors,
        },
      },
    },
    "/v1/objects/{id}/invoice": {
      get: {
        summary: "The invoice of one session or one period, recomputable from a bundle",
        parameters: [
          idParam,
          q("session", "one session (else the period `from`–`to`)"),
          ...period,
          q("size", "compute over the log below this tree size (default: the latest checkpoint)", "integer"),
        ],
        responses: {
          "200": json("the invoice: lines citing usage and tariff log indexes, total"),
          ...errors,
        },
      },
    },
    "/v1/objects/{id}/provider-statement": {
      get: {
        summary: "The provider statement: every settlement in a period with its transaction",
        parameters: [idParam, ...period, q("format", "`csv` for text/csv (default JSON)")],
        responses: {
          "200": {
            description: "the statement",
            content: { "application/json": { schema: { type: "object" } }, "text/csv": {} },
          },
          ...errors,
        },
      },
    },
    "/v1/objects/{id}/ratings": {
      get: {
        summary: "Verified ratings of the object: count, average and each with its settlement",
        parameters: [idParam],
        responses: { "200": json("`count`, `average`, `ratings`"), ...errors },
      },
    },
    "/v1/billing/key": {
      get: {
        summary: "The billing key: providers add it as a delegate so the billing may start and stop sessions",
        responses: { "200": json("`did` (did:key) and `key` (hex)") },
      },
    },
    "/v1/log/anchor": {
      get: {
        summary: "The last checkpoint anchored on chain, with its transaction",
        responses: { "200": json("the anchored checkpoint"), "404": problem },
      },
    },
  },
  components: {
    schemas: {
      SessionRequest: {
        type: "object",
        required: ["session", "channel", "rater", "signature"],
        properties: {
          session: { type: "string" },
          channel: decimal,
          rater: { type: "string", description: "the payer's did:key" },
          signature: { type: "string", description: "65 bytes, 0x-hex (EIP-712)" },
        },
      },
      SessionAccount: {
        type: "object",
        properties: {
          object: { type: "string" },
          session: { type: "string" },
          channel: decimal,
          payee: { type: "string" },
          due: decimal,
          required: decimal,
          accepted: decimal,
          closed: { type: "boolean" },
          stopped: { type: "boolean" },
          usage: { type: "array" },
        },
      },
      VoucherMessage: {
        type: "object",
        required: ["v", "type", "object", "session", "voucher", "signature"],
        properties: {
          v: { const: 1 },
          type: { const: "tet-voucher" },
          object: { type: "string" },
          session: { type: "string" },
          voucher: {
            type: "object",
            required: ["channel", "payee", "cumulativeAmount", "expiry"],
            properties: {
              channel: decimal,
              payee: { type: "string" },
              cumulativeAmount: decimal,
              expiry: decimal,
            },
          },
          signature: {
            type: "string",
            description: "65 bytes, 0x-hex: the channel payer's EIP-712 signature",
          },
        },
      },
      VoucherOutcome: {
        type: "object",
        required: ["accepted", "due", "required", "short"],
        properties: { accepted: decimal, due: decimal, required: decimal, short: { type: "boolean" } },
      },
      Problem: {
        type: "object",
        required: ["type", "title", "status", "code"],
        properties: {
          type: { type: "string", format: "uri-reference" },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string" },
          code: { type: "string" },
          instance: { type: "string" },
        },
      },
      ObjectSummary: {
        type: "object",
        required: ["id", "address", "class", "owner", "genesis"],
        properties: {
          id: { type: "string" },
          address: { type: "string", format: "ipv6" },
          class: { type: "string" },
          owner: { type: "string" },
          name: { type: "string" },
          model: { type: "string" },
          manufacturer: { type: "string" },
          serial: { type: "string" },
          genesis: { type: "integer" },
        },
      },
      ObjectPage: {
        type: "object",
        properties: {
          total: { type: "integer" },
          items: { type: "array", items: { $ref: "#/components/schemas/ObjectSummary" } },
          next: { type: "string" },
        },
      },
      Passport: {
        type: "object",
        required: [
          "id",
          "address",
          "class",
          "owner",
          "owners",
          "keys",
          "documents",
          "warranties",
          "relations",
          "counts",
        ],
        properties: {
          id: { type: "string" },
          address: { type: "string" },
          class: { type: "string" },
          owner: { type: "string" },
          authority: {
            type: "object",
            description:
              "SHA-256 (hex) of the object's last authority statement and its log index: the prev of the next transfer, key, relation or warranty statement",
            properties: { prev: { type: "string" }, index: { type: "integer" } },
          },
          owners: {
            type: "array",
            items: {
              type: "object",
              properties: {
                owner: { type: "string" },
                since: { type: "integer" },
                index: { type: "integer" },
              },
            },
          },
          warranties: {
            type: "array",
            items: {
              type: "object",
              properties: {
                id: { type: "string" },
                issuer: { type: "string" },
                status: { enum: ["active", "expired", "void", "ended-by-transfer"] },
              },
            },
          },
          state: { type: "object" },
          documents: { type: "array" },
          keys: { type: "array" },
          relations: { type: "array" },
          counts: { type: "object" },
        },
      },
    },
  },
} as const;
