// One retry policy for every remote backend: a decorator around a Store that tries open/stat/put again
// when the backend says the failure was transient (StoreError.transient: connection refused or lost,
// 5xx, throttling), with exponential backoff and jitter, honouring the AbortSignal while it waits.
// Permanent failures (permission, bad configuration, a missing bucket) are thrown at once. After the
// last attempt the backend's own coded error is thrown, with the number of tries added.
import { StoreError, cancelledError, isTransient } from './remote-common.js';
import type { PutBody, PutOptions, Store, StoreRetryOptions, StoredStat } from './store.js';

const DEFAULTS = { attempts: 3, baseDelayMs: 250, maxDelayMs: 5000 };

export class RetryingStore implements Store {
  readonly inner: Store;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(inner: Store, options: StoreRetryOptions = {}) {
    this.inner = inner;
    this.attempts = Math.max(1, Math.floor(options.attempts ?? DEFAULTS.attempts));
    this.baseDelayMs = Math.max(0, options.baseDelayMs ?? DEFAULTS.baseDelayMs);
    this.maxDelayMs = Math.max(this.baseDelayMs, options.maxDelayMs ?? DEFAULTS.maxDelayMs);
  }

  get displayUri(): string {
    return this.inner.displayUri;
  }

  open(): Promise<void> {
    return this.run(() => this.inner.open());
  }

  stat(path: string, signal?: AbortSignal): Promise<StoredStat | null> {
    return this.run(() => this.inner.stat(path, signal), signal);
  }

  put(path: string, body: PutBody, options: PutOptions = {}): Promise<void> {
    return this.run(() => this.inner.put(path, body, options), options.signal);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async run<T>(operation: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw cancelledError();
      try {
        return await operation();
      } catch (error) {
        if (signal?.aborted) throw cancelledError();
        if (!isTransient(error)) throw error;
        if (attempt >= this.attempts) {
          const last = error as StoreError;
          const tries = this.attempts === 1 ? '' : ` (gave up after ${this.attempts} tries)`;
          throw new StoreError(last.code, `${last.message}${tries}`, { cause: last.cause ?? last, transient: true });
        }
        await sleep(this.delay(attempt), signal);
      }
    }
  }

  /** base · 2^(attempt-1), capped, ±20 % jitter so parallel uploads do not retry in lockstep. */
  private delay(attempt: number): number {
    const plain = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(plain * (0.8 + Math.random() * 0.4));
  }
}

export function withRetries(store: Store, options: StoreRetryOptions = {}): Store {
  return new RetryingStore(store, options);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
