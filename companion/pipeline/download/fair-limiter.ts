// Concurrency limits for downloads: a global limit (CONCURRENT_REQUESTS) and a per-host limit
// (CONCURRENT_REQUESTS_PER_DOMAIN), shared by every job of a daemon. Waiting requests are grouped by a
// fairness key (one per job) and served round-robin, so a 10,000-file job does not starve a small job
// that arrives after it.

export type Release = () => void;

/** Optional per-host timing (politeness): when a host may next start a request. */
export interface HostGate {
  readyAt(host: string): number;
  started(host: string): void;
}

interface Waiter {
  host: string;
  grant: (release: Release) => void;
}

export class FairLimiter {
  private active = 0;
  private readonly perHost = new Map<string, number>();
  // Insertion-ordered: the round-robin walks keys in the order they first queued.
  private readonly queues = new Map<string, Waiter[]>();
  private lastServed: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly globalMax: number,
    private readonly hostMax: number,
    private readonly gate?: HostGate,
  ) {}

  /** Waits for a slot for `host`; resolves with a release function (call it exactly once). */
  acquire(host: string, key: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        host,
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = (): void => {
        const queue = this.queues.get(key);
        const at = queue?.indexOf(waiter) ?? -1;
        if (queue && at >= 0) {
          queue.splice(at, 1);
          if (queue.length === 0) this.queues.delete(key);
        }
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const queue = this.queues.get(key);
      if (queue) queue.push(waiter);
      else this.queues.set(key, [waiter]);
      this.pump();
    });
  }

  get activeCount(): number {
    return this.active;
  }

  private hostHasRoom(host: string): boolean {
    return (this.perHost.get(host) ?? 0) < this.hostMax;
  }

  private canStart(host: string, now: number): boolean {
    return this.hostHasRoom(host) && (!this.gate || this.gate.readyAt(host) <= now);
  }

  private pump(): void {
    const now = Date.now();
    while (this.active < this.globalMax && this.queues.size > 0) {
      const keys = [...this.queues.keys()];
      // Start with the key after the one served last, wrapping around.
      const start = this.lastServed === undefined ? 0 : (keys.indexOf(this.lastServed) + 1) % keys.length;
      let granted = false;
      for (let i = 0; i < keys.length && !granted; i++) {
        const key = keys[(start + i) % keys.length]!;
        const queue = this.queues.get(key)!;
        const at = queue.findIndex((w) => this.canStart(w.host, now));
        if (at < 0) continue;
        const [waiter] = queue.splice(at, 1);
        if (queue.length === 0) this.queues.delete(key);
        this.lastServed = key;
        this.take(waiter!);
        granted = true;
      }
      if (!granted) break; // every waiter is blocked by its host's limit or timing
    }
    this.wakeForTiming(now);
  }

  // Waiters held back only by a host's timing need a wake-up when the earliest of them may start.
  private wakeForTiming(now: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.gate || this.active >= this.globalMax) return;
    let earliest = Infinity;
    for (const queue of this.queues.values()) {
      for (const waiter of queue) {
        if (this.hostHasRoom(waiter.host)) earliest = Math.min(earliest, this.gate.readyAt(waiter.host));
      }
    }
    if (earliest === Infinity) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, Math.max(1, earliest - now));
  }

  private take(waiter: Waiter): void {
    this.gate?.started(waiter.host);
    this.active++;
    this.perHost.set(waiter.host, (this.perHost.get(waiter.host) ?? 0) + 1);
    let released = false;
    waiter.grant(() => {
      if (released) return;
      released = true;
      this.active--;
      const left = (this.perHost.get(waiter.host) ?? 1) - 1;
      if (left === 0) this.perHost.delete(waiter.host);
      else this.perHost.set(waiter.host, left);
      this.pump();
    });
  }
}

/** A plain counting semaphore (used to bound CPU-heavy image work to the number of cores). */
export class Semaphore {
  private readonly limiter: FairLimiter;
  constructor(max: number) {
    this.limiter = new FairLimiter(max, max);
  }
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.limiter.acquire('', '', signal);
    try {
      return await work();
    } finally {
      release();
    }
  }
}
