import { type StatementOf, signStatement } from "../statements/index.js";
import { ownerKey } from "./exampleKeys.js";
import { EXAMPLES } from "./examples.js";

/**
 * The services of the versioned lock fixture (fixtures/v1/lock/): the example `meter` manifest
 * (fixtures/v1/service.cose) on the charger, the charger's own `avatar` service beside it, and a
 * `clock` on another object, reachable remotely. Signed by the example owner key.
 */
export function lockExampleManifests(): { meter: Uint8Array; avatar: Uint8Array; clock: Uint8Array } {
  const meter = EXAMPLES.service.statement;
  const avatar: StatementOf<"service"> = {
    ...meter,
    name: "avatar",
    version: "1.3.2",
    provides: { passport: "1.3.2" },
    requires: {},
    command: ["tet-backend", "avatar", "serve", "rvxqu7r4dnnetywxys3kd4b6la"],
  };
  delete (avatar as { port?: number }).port;
  delete (avatar as { replaces?: Uint8Array }).replaces;
  const clock: StatementOf<"service"> = {
    ...avatar,
    obj: new Uint8Array(16).fill(0x77),
    name: "clock",
    version: "3.0.1",
    provides: { clock: "3.0.1" },
    command: ["tet-clock"],
  };
  return {
    meter: signStatement(meter, ownerKey),
    avatar: signStatement(avatar, ownerKey),
    clock: signStatement(clock, ownerKey),
  };
}
