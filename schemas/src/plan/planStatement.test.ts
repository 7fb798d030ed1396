import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CborValue } from "../cbor/index.js";
import { encode } from "../cbor/index.js";
import { ALG_EDDSA, createSign1, HEADER_ALG, HEADER_KID } from "../cose/index.js";
import { isTetError, type TetErrorCode } from "../errors.js";
import { nobleSigner, nobleVerifier } from "../index.js";
import { nodeVerifier } from "../node.js";
import { parseEnvelope, parseStatement, signStatement } from "../statements/index.js";
import { EXAMPLES, PLAN_EXAMPLE, plans } from "../test-support/index.js";
import type { Plan } from "./planKind.js";
import {
  encodePlan,
  openPlan,
  parsePlan,
  planFromJson,
  planHash,
  planToJson,
  projectId,
  signPlan,
} from "./planStatement.js";

const { plan: example, signer } = PLAN_EXAMPLE;
const fixture = new Uint8Array(readFileSync(new URL("../../fixtures/v1/plan.cose", import.meta.url)));

function refusal(f: () => unknown): { code: TetErrorCode | "none"; at?: unknown; message?: string } {
  try {
    f();
    return { code: "none" };
  } catch (e) {
    if (!isTetError(e)) throw e;
    return { code: e.code, at: e.at, message: e.message };
  }
}

/** The example with `edit` applied to a deep copy. */
function edited(edit: (p: Plan & Record<string, unknown>) => void): Plan {
  const copy = structuredClone(example) as Plan & Record<string, unknown>;
  edit(copy);
  return copy;
}

/** Signs a raw payload map (for bytes `signPlan` would never write). */
const signRaw = (payload: unknown, protectedExtra: [number, unknown][] = [], unprotected = new Map()) =>
  createSign1({
    protectedHeader: new Map<CborValue, CborValue>([
      [HEADER_ALG, ALG_EDDSA],
      [HEADER_KID, signer.publicKey],
      ...(protectedExtra as [CborValue, CborValue][]),
    ]),
    unprotectedHeader: unprotected,
    payload: encode(payload as CborValue),
    signer,
  });
/** The fixture's payload as decoded CBOR (budgets still byte strings). */
const rawPayload = () => parseEnvelope(fixture, { maxBytes: 16384 }).payload as Map<string, unknown>;

describe("the plan statement (fixtures/v1/plan.cose)", () => {
  it("saved bytes still parse, verify with both verifiers and mean the same; signing again gives the same bytes", () => {
    for (const verifier of [nodeVerifier, nobleVerifier]) {
      const parsed = openPlan(fixture, { verifier });
      expect(parsed.plan).toEqual(example);
      expect(parsed.signer).toEqual(signer.publicKey);
    }
    expect(signPlan(example, signer)).toEqual(fixture);
    expect(projectId({ bytes: fixture, plan: example })).toEqual(planHash(fixture).slice(0, 16));
  });

  it("round-trips through JSON (budgets as decimal strings, addresses 0x-hex, avatars base32)", () => {
    const json = planToJson(example);
    const tasks = json.tasks as Record<string, unknown>[];
    expect(tasks[0]!.budget).toBe("150000000000000000000");
    expect(tasks[0]!.assignee).toBe(`0x${"ab".repeat(20)}`);
    expect(tasks[1]!.assignee).toMatch(/^did:key:z6Mk/);
    expect(tasks[0]!.avatars).toEqual(["rvxqu7r4dnnetywxys3kd4b6la"]);
    expect(planFromJson(JSON.parse(JSON.stringify(json)))).toEqual(example);
  });

  it("any valid plan signs and parses back to itself", () => {
    fc.assert(
      fc.property(plans(12), fc.bigInt({ min: 0n, max: 2n ** 96n - 1n }), ({ tasks }, money) => {
        const plan: Plan = {
          ...example,
          tasks: tasks.map((t, i) => ({
            ...t,
            title: `task ${i}`,
            budget: money / BigInt(i + 1),
          })) as Plan["tasks"],
        };
        expect(parsePlan(signPlan(plan, signer)).plan).toEqual(plan);
      }),
      { numRuns: 200 },
    );
  });

  it("is not a KINDS statement yet: parseStatement refuses it, and parsePlan refuses other kinds", () => {
    expect(refusal(() => parseStatement(fixture)).code).toBe("STATEMENT_UNKNOWN_KIND");
    const other = signStatement(EXAMPLES.event.statement, EXAMPLES.event.signer); // a version 1 kind
    expect(refusal(() => parsePlan(other)).code).toBe("STATEMENT_UNKNOWN_KIND");
    const v2 = rawPayload();
    v2.set("v", 2);
    expect(refusal(() => parsePlan(signRaw(v2))).code).toBe("STATEMENT_BAD_VERSION");
  });

  it("goes through the statement envelope: size limit, empty unprotected header, signature", () => {
    expect(refusal(() => parsePlan(new Uint8Array(16 * 1024 + 1))).code).toBe("CBOR_TOO_LARGE");
    const unprotected = signRaw(rawPayload(), [], new Map([[99, 1]]));
    expect(refusal(() => parsePlan(unprotected)).code).toBe("COSE_BAD_HEADER");
    const forged = Uint8Array.from(fixture);
    forged[forged.length - 1]! ^= 1;
    expect(refusal(() => openPlan(forged, { verifier: nodeVerifier })).code).toBe("COSE_BAD_SIGNATURE");
    expect(openPlan(fixture, { verifier: nodeVerifier }).plan.rev).toBe(1);
  });
});

describe("plan refusals (each a stable code naming the field)", () => {
  const cases: [string, (p: Plan & Record<string, unknown>) => void, TetErrorCode, string?][] = [
    [
      "an unknown field",
      (p) => Object.assign(p.tasks[0]!, { colour: "red" }),
      "STATEMENT_INVALID",
      "plan.tasks[0].colour",
    ],
    [
      "both duration and pert",
      (p) => Object.assign(p.tasks[0]!, { duration: 3 }),
      "STATEMENT_INVALID",
      "plan.tasks[0]",
    ],
    ["neither duration nor pert", (p) => delete p.tasks[0]!.pert, "STATEMENT_INVALID", "plan.tasks[0]"],
    ["pert out of order", (p) => (p.tasks[0]!.pert = [6, 5, 12]), "STATEMENT_INVALID", "plan.tasks[0].pert"],
    ["pert of two numbers", (p) => (p.tasks[0]!.pert = [6, 12]), "STATEMENT_INVALID", "plan.tasks[0].pert"],
    [
      "a duration beyond 10^6",
      (p) => (p.tasks[2]!.duration = 1_000_001),
      "STATEMENT_INVALID",
      "plan.tasks[2].duration",
    ],
    [
      "a lag beyond ±10^6",
      (p) => (p.tasks[2]!.after![0]!.lag = -1_000_001),
      "STATEMENT_INVALID",
      "plan.tasks[2].after[0].lag",
    ],
    [
      "a fractional lag",
      (p) => (p.tasks[2]!.after![0]!.lag = 1.5),
      "STATEMENT_INVALID",
      "plan.tasks[2].after[0].lag",
    ],
    [
      "an unknown link type",
      (p) => Object.assign(p.tasks[2]!.after![0]!, { type: "XX" }),
      "STATEMENT_INVALID",
      "plan.tasks[2].after[0].type",
    ],
    ["a 33-character id", (p) => (p.tasks[0]!.id = "a".repeat(33)), "STATEMENT_INVALID", "plan.tasks[0].id"],
    ["an id with a space", (p) => (p.tasks[0]!.id = "a b"), "STATEMENT_INVALID", "plan.tasks[0].id"],
    [
      "a 201-character title",
      (p) => (p.tasks[0]!.title = "x".repeat(201)),
      "STATEMENT_INVALID",
      "plan.tasks[0].title",
    ],
    [
      "257 tasks",
      (p) => (p.tasks = Array.from({ length: 257 }, (_, i) => ({ id: `t${i}`, title: "t", duration: 1 }))),
      "STATEMENT_INVALID",
      "plan.tasks",
    ],
    ["no tasks", (p) => (p.tasks = []), "STATEMENT_INVALID", "plan.tasks"],
    [
      "17 links",
      (p) =>
        (p.tasks = [
          ...Array.from({ length: 17 }, (_, i) => ({ id: `t${i}`, title: "t", duration: 1 })),
          {
            id: "z",
            title: "z",
            duration: 1,
            after: Array.from({ length: 17 }, (_, i) => ({ task: `t${i}` })),
          },
        ]),
      "STATEMENT_INVALID",
      "plan.tasks[17].after",
    ],
    [
      "an avatar twice",
      (p) => (p.tasks[5]!.avatars = [p.tasks[5]!.avatars![0]!, p.tasks[5]!.avatars![0]!]),
      "STATEMENT_INVALID",
      "plan.tasks[5].avatars",
    ],
    [
      "a budget of 2^96",
      (p) => (p.tasks[0]!.budget = 2n ** 96n),
      "STATEMENT_INVALID",
      "plan.tasks[0].budget",
    ],
    ["a deadline before the start", (p) => (p.deadline = p.start - 1), "STATEMENT_INVALID", "plan.deadline"],
    ["revision 1 with a prev", (p) => (p.prev = new Uint8Array(32)), "STATEMENT_INVALID", "plan.prev"],
    [
      "revision 2 without project",
      (p) => Object.assign(p, { rev: 2, prev: new Uint8Array(32) }),
      "STATEMENT_INVALID",
      "plan.project",
    ],
    ["two tasks with one id", (p) => (p.tasks[1]!.id = "drain"), "PLAN_DUPLICATE_TASK", "plan.tasks[1].id"],
    [
      "a link to no task",
      (p) => (p.tasks[1]!.after![0]!.task = "drainn"),
      "PLAN_UNKNOWN_TASK",
      "plan.tasks[1].after[0].task",
    ],
    [
      "two links to one predecessor",
      (p) => p.tasks[3]!.after!.push({ task: "repair", type: "SS" }),
      "PLAN_DUPLICATE_LINK",
      "plan.tasks[3].after[2].task",
    ],
    ["a cycle", (p) => (p.tasks[0]!.after = [{ task: "refill" }]), "PLAN_CYCLE", "plan.tasks"],
  ];
  it.each(cases)("%s", (_, edit, code, at) => {
    const plan = edited(edit);
    const r = refusal(() => encodePlan(plan));
    expect(r.code).toBe(code);
    if (at !== undefined) expect(r.at).toBe(at);
    if (code !== "STATEMENT_INVALID" || !at?.endsWith("colour"))
      // toJson drops fields it does not know
      expect(refusal(() => planFromJson(planToJson(plan))).code).toBe(code);
  });

  it("refuses an unknown field in the JSON form too", () => {
    const json = planToJson(example);
    (json.tasks as Record<string, unknown>[])[0]!.colour = "red";
    expect(refusal(() => planFromJson(json))).toMatchObject({
      code: "STATEMENT_INVALID",
      at: "plan.tasks[0].colour",
    });
  });

  it("names the cycle in dependency order", () => {
    const r = refusal(() => encodePlan(edited((p) => (p.tasks[0]!.after = [{ task: "refill" }]))));
    expect(r.message).toContain("drain → repair → refill → drain");
  });

  it("refuses a budget with a leading zero byte or over 12 bytes in the signed bytes (one encoding per amount)", () => {
    for (const bad of [Uint8Array.of(0, 1), new Uint8Array(13).fill(1)]) {
      const payload = rawPayload();
      const tasks = (payload.get("tasks") as Record<string, unknown>[]).map((t) => ({ ...t, budget: bad }));
      payload.set("tasks", tasks);
      const r = refusal(() => parsePlan(signRaw(payload)));
      expect(r.code).toBe("STATEMENT_INVALID");
      expect(r.at).toBe("plan.tasks[0].budget");
    }
  });

  it("signPlan refuses, with PLAN_TOO_LARGE, a plan whose signed bytes exceed 16 KiB", () => {
    const big = edited((p) => {
      p.tasks = Array.from({ length: 100 }, (_, i) => ({ id: `t${i}`, title: "x".repeat(200), duration: 1 }));
    });
    const r = refusal(() => signPlan(big, signer));
    expect(r.code).toBe("PLAN_TOO_LARGE");
    expect(r.message).toMatch(/\d+ bytes, more than 16384/);
  });
});

describe("a stranger cannot sign for the owner", () => {
  it("openPlan gives the signer's key; checkPlanHistory (planRevision.test.ts) decides whether it may", () => {
    const stranger = nobleSigner(new Uint8Array(32).fill(9));
    expect(openPlan(signPlan(example, stranger), { verifier: nodeVerifier }).signer).toEqual(
      stranger.publicKey,
    );
  });
});
