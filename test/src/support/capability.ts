import { execFileSync } from "node:child_process";

/**
 * Checks the capabilities a scenario needs (root, `ip`, mosquitto…). Returns undefined when all are
 * there, else the reason to skip. Under CI=true a missing capability is a failure, never a skip:
 * it throws, so the suite goes red instead of silently testing less.
 */
export function missing(
  ...needs: ("root" | "ip" | "netns" | "mosquitto" | "mosquitto-clients")[]
): string | undefined {
  const reasons: string[] = [];
  for (const need of needs) {
    const reason = check(need);
    if (reason) reasons.push(reason);
  }
  if (reasons.length === 0) return undefined;
  const text = reasons.join("; ");
  if (process.env.CI === "true") throw new Error(`CI=true and a capability is missing: ${text}`);
  console.warn(`skipping: ${text}`);
  return text;
}

function has(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function check(need: string): string | undefined {
  switch (need) {
    case "root":
      return process.getuid?.() === 0 ? undefined : "not root";
    case "ip":
      return has("ip") ? undefined : "no `ip` command (iproute2)";
    case "netns":
      try {
        execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
        return undefined;
      } catch {
        return "`ip netns` does not work here";
      }
    case "mosquitto":
      return has("mosquitto") ? undefined : "mosquitto is not installed (apt-get install -y mosquitto)";
    case "mosquitto-clients":
      return has("mosquitto_pub") && has("mosquitto_sub")
        ? undefined
        : "mosquitto_pub/mosquitto_sub are not installed (apt-get install -y mosquitto-clients)";
    default:
      return `unknown capability ${need}`;
  }
}
