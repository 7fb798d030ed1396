import type { EventEmitter } from "node:events";

/** Resolves with the arguments of the next `event` for which `match` holds (no sleeps: wait for the event). */
export function nextEvent<T extends unknown[]>(
  emitter: EventEmitter,
  event: string,
  match: (...args: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const on = (...args: unknown[]) => {
      if (!match(...(args as T))) return;
      emitter.off(event, on);
      resolve(args as T);
    };
    emitter.on(event, on);
  });
}
