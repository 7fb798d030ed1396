import { didKeyFromPublicKey } from "@tet/schemas/device";

/**
 * What to do when the avatar does not know this device's key: the message `tet-agent run` prints
 * before it refuses to run. It names the object, the key's did:key, and the `tet` commands the
 * owner runs to bind the key with an owner-signed `key` statement.
 */
export function enrolmentHint(objectId: string, devicePublicKey: Uint8Array, why: string): string {
  const hexKey = Buffer.from(devicePublicKey).toString("hex");
  return [
    `this device's key is not bound to avatar ${objectId} (${why}).`,
    `device key: ${didKeyFromPublicKey(devicePublicKey)}`,
    "The owner binds it with an owner-signed key statement:",
    `  echo '{"t":"key","obj":"${objectId}","action":"add","key":"${hexKey}","role":"device"}' \\`,
    "    | tet sign --key owner.pem > bind-device.cose",
    "and submits bind-device.cose to the backend (HTTP POST, Content-Type: application/cose).",
    `A new avatar names the key in its genesis instead: "deviceKeys": ["${hexKey}"].`,
  ].join("\n");
}
