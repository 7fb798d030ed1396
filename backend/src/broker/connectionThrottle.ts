/** Settings of a `ConnectionThrottle`. */
export interface ConnectionThrottleOptions {
  /** Packets admitted per second per connection. */
  rate: number;
  /** Packets admitted at once after a quiet spell. */
  burst: number;
  /** A packet of `conn` has to wait; `first` the first time on this connection. */
  onDelayed?: (conn: object, first: boolean) => void;
  now?: () => number;
}

interface State {
  tokens: number;
  at: number;
  queue: (() => void)[];
  timer: NodeJS.Timeout | undefined;
  throttled: boolean;
}

/**
 * A token bucket per connection that delays rather than refuses: `admit` runs the continuation at
 * once while the connection has tokens, and otherwise queues it (in order) until one is due. Used on
 * aedes' `authorizePublish` and `authorizeSubscribe` hooks, whose callbacks aedes waits for before it
 * acknowledges the packet and reads the connection's next chunk — so a client past its rate waits
 * in its own TCP window: nothing is dropped, and what it costs the broker is one socket read's worth
 * of parsed packets. MQTT 3.1.1 has no reason code for it [MQTT-3.3.4]; the throttling is counted.
 */
export class ConnectionThrottle {
  readonly #opts: ConnectionThrottleOptions;
  readonly #now: () => number;
  readonly #state = new WeakMap<object, State>();

  constructor(opts: ConnectionThrottleOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
  }

  /** Runs `run` now if `conn` is within its rate, else once it is; `closed` drops what waits. */
  admit(conn: object, run: () => void, closed?: () => boolean): void {
    let s = this.#state.get(conn);
    if (s === undefined) {
      s = { tokens: this.#opts.burst, at: this.#now(), queue: [], timer: undefined, throttled: false };
      this.#state.set(conn, s);
    }
    this.#refill(s);
    if (s.queue.length === 0 && s.tokens >= 1) {
      s.tokens--;
      run();
      return;
    }
    this.#opts.onDelayed?.(conn, !s.throttled);
    s.throttled = true;
    s.queue.push(run);
    this.#schedule(s, closed);
  }

  #refill(s: State): void {
    const now = this.#now();
    s.tokens = Math.min(this.#opts.burst, s.tokens + ((now - s.at) * this.#opts.rate) / 1000);
    s.at = now;
  }

  #schedule(s: State, closed: (() => boolean) | undefined): void {
    if (s.timer !== undefined) return;
    const wait = Math.max(1, Math.ceil(((1 - s.tokens) * 1000) / this.#opts.rate));
    s.timer = setTimeout(() => {
      s.timer = undefined;
      if (closed?.()) {
        s.queue = [];
        return;
      }
      this.#refill(s);
      while (s.queue.length > 0 && s.tokens >= 1) {
        s.tokens--;
        (s.queue.shift() as () => void)();
      }
      if (s.queue.length > 0) this.#schedule(s, closed);
    }, wait);
    s.timer.unref();
  }
}
