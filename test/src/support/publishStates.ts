import type { SimulatedDevice } from "@tet/backend";
import mqtt from "mqtt";

/**
 * Each device logs in to the broker at `url` (MQTT 3.1.1, its signed connect statement), publishes
 * `perDevice` state statements of its chain at QoS 1 on its own `up` topic, and disconnects; the
 * devices run side by side.
 */
export async function publishStates(
  url: string,
  devices: SimulatedDevice[],
  perDevice: number,
): Promise<void> {
  await Promise.all(
    devices.map(async (d) => {
      const c = await mqtt.connectAsync(url, { ...d.login(), protocolVersion: 4, reconnectPeriod: 0 });
      for (let i = 0; i < perDevice; i++)
        await c.publishAsync(`tet/v1/o/${d.objectId}/up`, Buffer.from(d.state()), { qos: 1 });
      await c.endAsync();
    }),
  );
}
