import { execFileSync } from "node:child_process";

/** Two network namespaces joined by a veth pair with ULA addresses: `a` (the backend) and `b` (the agent). */
export interface NetnsPair {
  a: string;
  b: string;
  /** The backend's and the agent's IPv6 addresses (fd7e:7e7:…::1 and ::2). */
  addrA: string;
  addrB: string;
  /** Takes the link down on both ends (the cable is cut). */
  cut(): void;
  /** Brings it back up. */
  restore(): void;
  remove(): void;
}

const PREFIX = "tet-";
const ip = (...args: string[]) =>
  execFileSync("ip", args, { stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 }).toString();

/** Deletes namespaces a previous run left behind (named `tet-{pid}-…` with a pid that is gone). */
export function removeStaleNamespaces(): void {
  for (const line of ip("netns", "list").split("\n")) {
    const name = line.split(" ")[0] ?? "";
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    let alive = true;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      alive = false;
    }
    if (!alive) ip("netns", "del", name);
  }
}

/**
 * Creates the pair: `ip netns add` twice, a veth pair moved into them, ULA addresses added with
 * `nodad` (no duplicate address detection, so they work at once) and kept when the link goes down.
 */
export function createNetnsPair(): NetnsPair {
  removeStaleNamespaces();
  const run = `${process.pid}-${Math.floor(Math.random() * 1e4)}`;
  const a = `${PREFIX}${run}-a`;
  const b = `${PREFIX}${run}-b`;
  const vethA = `tv${run.replace("-", "").slice(-8)}a`;
  const vethB = `tv${run.replace("-", "").slice(-8)}b`;
  const addrA = "fd7e:7e7:0:1::1";
  const addrB = "fd7e:7e7:0:1::2";
  const pair: NetnsPair = {
    a,
    b,
    addrA,
    addrB,
    cut() {
      ip("-n", a, "link", "set", vethA, "down");
      ip("-n", b, "link", "set", vethB, "down");
    },
    restore() {
      ip("-n", a, "link", "set", vethA, "up");
      ip("-n", b, "link", "set", vethB, "up");
    },
    remove() {
      for (const ns of [a, b]) {
        try {
          ip("netns", "del", ns);
        } catch {
          // already gone
        }
      }
    },
  };
  try {
    ip("netns", "add", a);
    ip("netns", "add", b);
    ip("link", "add", vethA, "type", "veth", "peer", "name", vethB);
    for (const [ns, veth, addr] of [
      [a, vethA, addrA],
      [b, vethB, addrB],
    ] as const) {
      ip("link", "set", veth, "netns", ns);
      execFileSync("ip", ["netns", "exec", ns, "sysctl", "-qw", `net.ipv6.conf.${veth}.keep_addr_on_down=1`]);
      ip("-n", ns, "addr", "add", `${addr}/64`, "dev", veth, "nodad");
      ip("-n", ns, "link", "set", "lo", "up");
      ip("-n", ns, "link", "set", veth, "up");
    }
  } catch (e) {
    pair.remove();
    throw e;
  }
  return pair;
}
