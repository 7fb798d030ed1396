import type { CborValue } from "../cbor/index.js";
import { encode } from "../cbor/index.js";
import { sha256 } from "../crypto/index.js";
import { TetError } from "../errors.js";
import { leafHash, MemoryTree, verifyInclusion } from "../log/index.js";
import { linkCode } from "./linkTypes.js";
import { budgetBytes } from "./planFields.js";
import type { Plan, PlanTask } from "./planKind.js";
import { taskGraph } from "./taskGraph.js";
import { TICKS_PER_UNIT, tickMs } from "./timeUnits.js";

/** Big-endian fixed-width fields, as Solidity's `abi.encodePacked` and `calldataload` see them. */
class Packed {
  readonly #bytes: number[] = [];
  u8(v: number): this {
    this.#bytes.push(v & 0xff);
    return this;
  }
  u32(v: number): this {
    this.#bytes.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    return this;
  }
  /** A two's-complement int32 (a lag in ticks). */
  i32(v: number): this {
    return this.u32(v >>> 0);
  }
  /** A uint64 from a safe integer (milliseconds). */
  u64(v: number): this {
    return this.u32(Math.floor(v / 2 ** 32)).u32(v >>> 0);
  }
  /** A uint128 (a TET amount). */
  u128(v: bigint): this {
    for (let k = 3; k >= 0; k--) this.u32(Number((v >> BigInt(32 * k)) & 0xffff_ffffn));
    return this;
  }
  raw(b: Uint8Array, size = b.length): this {
    for (let k = 0; k < size; k++) this.#bytes.push(b[k] ?? 0); // zero-padded on the right
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}

const utf8 = new TextEncoder();
const taskCbor = (t: PlanTask) =>
  (t.budget === undefined ? t : { ...t, budget: budgetBytes(t.budget) }) as unknown as CborValue;

/**
 * The leaves of a plan's Merkle tree, in order: the header, then one per task in plan order.
 * Header (93 bytes): 0x00 ‖ project (16; zeros at rev 1) ‖ rev u32 ‖ task count u32 ‖ start ms u64
 * ‖ tick ms u32 ‖ deadline ms u64 (0: none) ‖ total budget u128 ‖ SHA-256 of the deterministic
 * CBOR of the payload without `tasks`.
 * Task: 0x01 ‖ id (ASCII, zero-padded to 32) ‖ index u32 ‖ expected duration in ticks u32 ‖
 * budget u128 ‖ payee (the assignee's EVM address; zeros for a did:key or none) ‖ link count u8 ‖
 * per link: predecessor index u32, type u8 (0 FS, 1 SS, 2 FF, 3 SF), lag in ticks i32 ‖ avatar
 * count u8 ‖ avatars (16 each) ‖ SHA-256 of the task's deterministic CBOR (title, PERT, text…).
 * Everything a contract needs to check a task's dates and pay it is in fixed-width fields.
 */
export function planLeaves(plan: Plan): Uint8Array[] {
  const { index } = taskGraph(plan.tasks);
  const total = plan.tasks.reduce((sum, t) => sum + (t.budget ?? 0n), 0n);
  const header = new Packed()
    .u8(0x00)
    .raw(plan.project ?? new Uint8Array(16), 16)
    .u32(plan.rev)
    .u32(plan.tasks.length)
    .u64(plan.start)
    .u32(tickMs(plan.unit))
    .u64(plan.deadline ?? 0)
    .u128(total)
    .raw(sha256(encode({ ...plan, tasks: undefined } as unknown as CborValue)))
    .done();
  const tasks = plan.tasks.map((t, i) => {
    const [o, m, p] = t.pert ?? [0, 0, 0];
    const leaf = new Packed()
      .u8(0x01)
      .raw(utf8.encode(t.id), 32)
      .u32(i)
      .u32(t.pert ? o! + 4 * m! + p! : TICKS_PER_UNIT * (t.duration ?? 0))
      .u128(t.budget ?? 0n)
      .raw(typeof t.assignee === "object" ? t.assignee : new Uint8Array(20), 20)
      .u8(t.after?.length ?? 0);
    for (const l of t.after ?? [])
      leaf
        .u32(index.get(l.task)!)
        .u8(linkCode(l.type))
        .i32(TICKS_PER_UNIT * (l.lag ?? 0));
    leaf.u8(t.avatars?.length ?? 0);
    for (const a of t.avatars ?? []) leaf.raw(a, 16);
    return leaf.raw(sha256(encode(taskCbor(t)))).done();
  });
  return [header, ...tasks];
}

/**
 * The plan's root: the RFC 9162 Merkle tree hash (§2.1.1: SHA-256, leaves prefixed 0x00, nodes
 * 0x01) over `planLeaves`. This is the hash the `Plan` contract holds: a task's leaf and an
 * inclusion proof of ⌈log2(tasks + 1)⌉ hashes prove its dates, links and budget to the contract.
 */
export function planRoot(plan: Plan): Uint8Array {
  const tree = new MemoryTree();
  for (const leaf of planLeaves(plan)) tree.append(leaf);
  return tree.root();
}

/** A task's leaf with its RFC 9162 inclusion proof in the plan's tree (the task at `task` is leaf task + 1). */
export interface PlanTaskProof {
  readonly leaf: Uint8Array;
  readonly index: number;
  readonly size: number;
  readonly proof: readonly Uint8Array[];
}

/** The leaf and inclusion proof (RFC 9162 §2.1.3.1) of the task at position `task` of a plan. */
export function planTaskProof(plan: Plan, task: number): PlanTaskProof {
  if (!Number.isInteger(task) || task < 0 || task >= plan.tasks.length)
    throw new TetError("PLAN_UNKNOWN_TASK", `no task at position ${task}`);
  const tree = new MemoryTree();
  const leaves = planLeaves(plan);
  for (const leaf of leaves) tree.append(leaf);
  const index = task + 1;
  return { leaf: leaves[index]!, index, size: tree.size, proof: tree.inclusionProof(index) };
}

/** True when a task leaf's proof leads to `root` (RFC 9162 §2.1.3.2): what the contract checks. */
export function verifyPlanTask(claim: PlanTaskProof & { root: Uint8Array }): boolean {
  return verifyInclusion({ ...claim, leafHash: leafHash(claim.leaf) });
}
