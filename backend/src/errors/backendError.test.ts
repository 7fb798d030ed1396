// The one error base and every area's table: the stable codes, HTTP statuses, MQTT 5 reasons and
// CONNACK codes each area had before they shared a base (the wire and HTTP contract), and the one
// mapping to RFC 9457 problem details.
import { describe, expect, it } from "vitest";
import { API_ERROR_CODES, ApiError } from "../api/index.js";
import { BILLING_ERROR_CODES, BillingError } from "../billing/index.js";
import { BROKER_ERROR_CODES, BrokerError } from "../broker/index.js";
import { DEVICE_CA_ERROR_CODES, DeviceCaError } from "../deviceCa/index.js";
import { INGEST_ERROR_CODES, IngestError } from "../ingest/index.js";
import { LEDGER_ERROR_CODES, LedgerError } from "../ledger/index.js";
import { ConfigError, StartupError } from "../server/index.js";
import { BackendError, isBackendError } from "./backendError.js";
import { toProblem } from "./problemDetails.js";

const reasons = (table: object, make: (code: never) => BackendError) =>
  Object.fromEntries(Object.keys(table).map((c) => [c, make(c as never).mqttReason]));

describe("BackendError", () => {
  it("keeps the ingest's MQTT 5 reason codes (MQTT 5 §2.4)", () => {
    expect(reasons(INGEST_ERROR_CODES, (c) => new IngestError(c))).toEqual({
      TOO_LARGE: 0x95,
      INVALID_STATEMENT: 0x99,
      NOT_DEVICE_STATEMENT: 0x99,
      WRONG_OBJECT: 0x87,
      TOPIC_INVALID: 0x90,
      NOT_AUTHORIZED: 0x87,
      BAD_SIGNATURE: 0x87,
      OVERLOADED: 0x97,
      SEQ_GAP: 0x83,
      CHAIN_FORK: 0x83,
      REPLAY: 0x83,
      KEY_NOT_BOUND: 0x87,
      NOT_OWNER: 0x87,
      UNKNOWN_OBJECT: 0x83,
      NOT_ACCEPTED: 0x99,
      NOT_FOUND: 0x83,
      NOT_SETTLED: 0x87,
      AUTHORITY_UNLINKED: 0x83,
      ISSUER_NOT_ACCEPTED: 0x87,
      FUTURE_TIMESTAMP: 0x83,
      TIMESTAMP_BACKWARDS: 0x83,
      LEDGER_CLOSED: 0x80,
      STORE_FAILED: 0x80,
      LOG_CORRUPT: 0x80,
      MALFORMED_PROJECTION: 0x80,
    });
    expect(new IngestError("INVALID_STATEMENT").title).toBe(
      "the bytes are not a well-formed signed statement",
    );
  });

  it("keeps the broker's MQTT 5 reasons and answers load and rate with CONNACK 3, the rest with 5", () => {
    const r = reasons(BROKER_ERROR_CODES, (c) => new BrokerError(c));
    expect(r).toMatchObject({
      LOGIN_BUSY: 0x89,
      LOGIN_RATE_LIMITED: 0x9f,
      CONNECTIONS_EXCEEDED: 0x9f,
      PACKET_TOO_LARGE: 0x95,
      OUTGOING_QUEUE_FULL: 0x97,
      PUBLISH_RATE_LIMITED: 0x96,
      OFFLINE_QUEUE_FULL: 0x97,
    });
    for (const code of ["LOGIN_MALFORMED", "LOGIN_REPLAY", "PUBLISH_DENIED", "SUBSCRIBE_DENIED"] as const)
      expect(r[code], code).toBe(0x87);
    const connack = (e: BackendError) => e.returnCode;
    expect(connack(new BrokerError("LOGIN_BUSY"))).toBe(3);
    expect(connack(new BrokerError("LOGIN_RATE_LIMITED"))).toBe(3);
    expect(connack(new BrokerError("LOGIN_STALE"))).toBe(5);
    expect(connack(new BillingError("LOGIN_PAYER_BAD_SIGNATURE"))).toBe(5);
  });

  it("keeps every HTTP status", () => {
    const statuses = (table: Record<string, { status: number }>) =>
      Object.fromEntries(Object.entries(table).map(([c, s]) => [c, s.status]));
    expect(statuses(LEDGER_ERROR_CODES)).toEqual({
      SEQ_GAP: 409,
      CHAIN_FORK: 409,
      REPLAY: 409,
      KEY_NOT_BOUND: 403,
      NOT_OWNER: 403,
      UNKNOWN_OBJECT: 404,
      BAD_SIGNATURE: 401,
      INVALID_STATEMENT: 400,
      NOT_ACCEPTED: 422,
      NOT_FOUND: 404,
      NOT_SETTLED: 403,
      AUTHORITY_UNLINKED: 409,
      ISSUER_NOT_ACCEPTED: 403,
      FUTURE_TIMESTAMP: 422,
      TIMESTAMP_BACKWARDS: 422,
      LEDGER_CLOSED: 503,
      STORE_FAILED: 503,
      LOG_CORRUPT: 500,
      MALFORMED_PROJECTION: 500,
    });
    expect(statuses(BILLING_ERROR_CODES)).toMatchObject({
      VOUCHER_BAD_SIGNATURE: 401,
      VOUCHER_SHORT: 402,
      VOUCHER_MALFORMED: 400,
      UNKNOWN_SESSION: 404,
      TARIFF_NOT_BY_PROVIDER: 403,
      INVOICE_MISMATCH: 422,
      NOT_ANCHORED: 404,
    });
    expect(statuses(API_ERROR_CODES)).toMatchObject({
      BAD_OBJECT_ID: 400,
      RATE_LIMITED: 429,
      NO_CHECKPOINT: 503,
    });
    expect(statuses(DEVICE_CA_ERROR_CODES)).toMatchObject({
      CA_TOO_LARGE: 413,
      CA_BUSY: 503,
      CA_KEY_NOT_BOUND: 403,
    });
  });

  it("keeps each area's message and tells areas apart", () => {
    expect(new LedgerError("NOT_OWNER", "signed by x").message).toBe(
      "the statement must be signed by the object's current owner: signed by x",
    );
    expect(new ApiError("NOT_FOUND", "no route GET /x").message).toBe("no route GET /x");
    expect(new ApiError("NOT_FOUND").message).toBe("no such resource");
    expect(new BillingError("NOT_ANCHORED").message).toBe("NOT_ANCHORED");
    expect(new ConfigError("http_port", "must be a port").message).toBe("http_port must be a port");
    expect(new StartupError("data (--data)", "is in use").message).toBe("data (--data): is in use");
    const e = new DeviceCaError("CA_STALE", "2 min");
    expect([e instanceof BackendError, e instanceof LedgerError, isBackendError(e, "CA_STALE")]).toEqual([
      true,
      false,
      true,
    ]);
    expect(new LedgerError("SEQ_GAP", undefined, { cause: "x" }).cause).toBe("x");
  });

  it("maps every area's error to one problem document (RFC 9457), headers included", () => {
    expect(toProblem(new LedgerError("NOT_OWNER", "x"), "/v1/statements").problem).toEqual({
      type: "urn:tet:problem:NOT_OWNER",
      title: "the statement must be signed by the object's current owner",
      status: 403,
      code: "NOT_OWNER",
      detail: "the statement must be signed by the object's current owner: x",
      instance: "/v1/statements",
    });
    const limited = toProblem(new ApiError("RATE_LIMITED", undefined, { headers: { "retry-after": "2" } }));
    expect(limited.problem).toEqual({
      type: "urn:tet:problem:RATE_LIMITED",
      title: "too many requests from this principal",
      status: 429,
      code: "RATE_LIMITED",
    });
    expect(limited.headers).toEqual({ "retry-after": "2" });
    expect(toProblem(new BillingError("VOUCHER_SHORT", "12 < 13")).problem).toMatchObject({
      status: 402,
      code: "VOUCHER_SHORT",
      detail: "12 < 13",
    });
    expect(toProblem(new Error("secret internals")).problem).toEqual({
      type: "urn:tet:problem:INTERNAL",
      title: "internal error",
      status: 500,
      code: "INTERNAL",
    });
  });
});
