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

/**
 * The OpenAPI 3.1 description of the passport API, served at `/v1/openapi.json` and rendered at
 * `/v1/docs`. Kept by hand next to the routes; a test checks that every route is described.
 */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "TET Avatars passport API",
    version: "1.0.0",
    description:
      "Passports of physical objects and their verifiable history. Reads are open; writes are signed COSE_Sign1 statements whose signature is the authentication. Errors are RFC 9457 problem details with a stable `code`.",
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
          "Genesis, transfer, warranty, event, document, relation, key, tariff, command or rating, as COSE_Sign1 bytes (at most 16 KiB). Transfer, key and relation need the current owner; a warranty its named issuer (claims: the owner); events and commands the owner or a delegate; documents the owner or the manufacturer (genesis `maker`). Device statements are refused (they arrive over MQTT). Rate-limited per signing key.",
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
  },
  components: {
    schemas: {
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
