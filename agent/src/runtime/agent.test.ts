import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentConfig } from "../config/index.js";
import { isAgentError } from "../errors.js";
import { makeAvatar, tempDir } from "../test-support/index.js";
import { Agent } from "./agent.js";

// The agent against the real backend (receipts, resending after a restart, commands, revocation) is
// tested in test/src/agentBackend.test.ts; the offline enrolment check needs no backend at all.
describe("Agent enrolment", () => {
  it("refuses to start under a key its avatar's genesis does not bind, saying how to enrol", () => {
    const avatar = makeAvatar({ deviceKeys: [] });
    const tmp = tempDir();
    try {
      const genesisPath = join(tmp.dir, "genesis.cose");
      writeFileSync(genesisPath, avatar.genesis);
      const config: AgentConfig = {
        objectId: avatar.objectId,
        keyPath: "unused",
        dataDir: join(tmp.dir, "data"),
        genesisPath,
        broker: {
          url: "mqtt://[::1]:1",
          protocol: 4,
          caPath: undefined,
          logKey: avatar.logDid,
          keepalive: 30,
          backoffMin: 1,
          backoffMax: 2,
        },
        outbox: { maxBytes: 1 << 20, policy: "drop-oldest", window: 8 },
        sensors: [],
      };
      let error: unknown;
      try {
        new Agent({ config, signer: avatar.device });
      } catch (e) {
        error = e;
      }
      expect(isAgentError(error, "KEY_NOT_BOUND")).toBe(true);
      expect((error as Error).message).toMatch(/did:key:z6Mk.*\n.*tet sign/s);
    } finally {
      tmp.cleanup();
    }
  });
});
