import { keccak256, parseSignature, parseUnits } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { tETTokenAbi } from "../../generated/artifacts.js";
import { DEV_KEYS, type DevChain, startDevChain } from "../test-support/index.js";
import { transact } from "./ChainClients.js";
import { deposit } from "./custodians.js";

let c: DevChain;
const alice = privateKeyToAccount(DEV_KEYS[1]);
beforeAll(async () => {
  c = await startDevChain();
  await deposit(c.admin, c.d, {
    currency: "RUB",
    amount: 100_000n,
    buyer: alice.address,
    attestation: keccak256("0x01"),
  });
});
afterAll(() => c?.anvil.stop());

const token = { abi: tETTokenAbi } as const;
const read = <F extends "decimals" | "reserve" | "nonces" | "getVotes" | "allowance">(
  functionName: F,
  args: readonly unknown[] = [],
) =>
  c.admin.public.readContract({
    ...token,
    address: c.d.token,
    functionName,
    args,
  } as never) as Promise<unknown>;

it("is an 18-decimal ERC-20 bound to its reserve; only the reserve mints and burns", async () => {
  expect(await read("decimals")).toBe(18);
  expect(await read("reserve")).toBe(c.d.reserve);
  const write = (
    functionName: "mintLot" | "mintPool" | "burnPool" | "burn" | "burnLots" | "initialize",
    args: readonly unknown[],
    who = c.admin,
  ) =>
    transact(who, functionName, () =>
      who.wallet.writeContract({ ...token, address: c.d.token, functionName, args } as never),
    );
  const fund = `0x${"0".repeat(64)}`;
  const calls: [Parameters<typeof write>[0], readonly unknown[]][] = [
    ["mintLot", [alice.address, fund, 1n, 1n]],
    ["mintPool", [1n]],
    ["burnPool", [1n]],
    ["burn", [alice.address, 1n]],
    ["burnLots", [alice.address, [1n], [1n]]],
  ];
  for (const [name, args] of calls)
    await expect(write(name, args), name).rejects.toMatchObject({ revertName: "OnlyReserve" });
  await expect(write("initialize", [alice.address, alice.address, alice.address, []])).rejects.toMatchObject({
    revertName: "AlreadyInitialized",
  });
  await expect(
    write("initialize", [alice.address, alice.address, alice.address, []], c.bob),
  ).rejects.toMatchObject({ revertName: "OnlyDeployer" });
});

it("refuses transfers into the reserve, whose balance is its pools", async () => {
  await expect(
    transact(c.alice, "transfer", () =>
      c.alice.wallet.writeContract({
        ...token,
        address: c.d.token,
        functionName: "transfer",
        args: [c.d.reserve, 1n],
      }),
    ),
  ).rejects.toMatchObject({ revertName: "TransferToReserve" });
});

it("accepts EIP-2612 permits and checkpoints votes after delegation (EIP-5805)", async () => {
  const value = parseUnits("10", 18);
  const deadline = BigInt((await c.now()) + 3600);
  const nonce = (await read("nonces", [alice.address])) as bigint;
  const sig = parseSignature(
    await alice.signTypedData({
      domain: { name: "TET", version: "1", chainId: c.d.chainId, verifyingContract: c.d.token },
      types: {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      primaryType: "Permit",
      message: { owner: alice.address, spender: c.bob.wallet.account.address, value, nonce, deadline },
    }),
  );
  await transact(c.bob, "permit", () =>
    c.bob.wallet.writeContract({
      ...token,
      address: c.d.token,
      functionName: "permit",
      args: [
        alice.address,
        c.bob.wallet.account.address,
        value,
        deadline,
        Number(sig.v ?? 27n),
        sig.r,
        sig.s,
      ],
    }),
  );
  expect(await read("allowance", [alice.address, c.bob.wallet.account.address])).toBe(value);
  expect(await read("getVotes", [alice.address])).toBe(0n);
  await transact(c.alice, "delegate", () =>
    c.alice.wallet.writeContract({
      ...token,
      address: c.d.token,
      functionName: "delegate",
      args: [alice.address],
    }),
  );
  expect(await read("getVotes", [alice.address])).toBe(parseUnits("1000", 18));
});
