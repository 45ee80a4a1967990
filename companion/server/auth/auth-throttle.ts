// Slows down guessing. Every failed authentication from a remote address doubles the delay before that
// address's next attempt is even checked (base, 2×base, 4×base … up to max). Failures are forgotten
// after a quiet period. All local clients share 127.0.0.1, so a guesser also slows legitimate
// reconnects down — acceptable, because a legitimate client fails only after its token was revoked.
export interface AuthThrottleOptions {
  baseMs: number;
  maxMs: number;
  /** Forget an address's failures after this long without a new one. */
  forgetAfterMs?: number;
  /** Attempts from one address allowed to wait at once; more are refused outright (ERR_AUTH_RATE_LIMITED). */
  maxWaiting?: number;
}

interface RemoteState {
  failures: number;
  lastFailureAt: number;
  waiting: number;
}

export class AuthThrottle {
  private readonly remotes = new Map<string, RemoteState>();

  constructor(private readonly options: AuthThrottleOptions, private readonly now: () => number = Date.now) {}

  /** Milliseconds the next attempt from this address must wait. */
  delayFor(remote: string): number {
    const state = this.state(remote, false);
    if (!state || state.failures === 0 || this.options.baseMs === 0) return 0;
    return Math.min(this.options.maxMs, this.options.baseMs * 2 ** Math.min(state.failures - 1, 30));
  }

  /** Reserves a waiting slot; false when too many attempts from this address are already waiting. */
  enter(remote: string): boolean {
    const state = this.state(remote, true)!;
    if (state.waiting >= (this.options.maxWaiting ?? 4)) return false;
    state.waiting++;
    return true;
  }

  leave(remote: string): void {
    const state = this.state(remote, false);
    if (state) state.waiting = Math.max(0, state.waiting - 1);
  }

  recordFailure(remote: string): number {
    const state = this.state(remote, true)!;
    state.failures++;
    state.lastFailureAt = this.now();
    return state.failures;
  }

  failures(remote: string): number {
    return this.state(remote, false)?.failures ?? 0;
  }

  private state(remote: string, create: boolean): RemoteState | undefined {
    let state = this.remotes.get(remote);
    const forget = this.options.forgetAfterMs ?? 15 * 60_000;
    if (state && state.failures > 0 && this.now() - state.lastFailureAt > forget && state.waiting === 0) {
      this.remotes.delete(remote);
      state = undefined;
    }
    if (!state && create) {
      state = { failures: 0, lastFailureAt: 0, waiting: 0 };
      this.remotes.set(remote, state);
    }
    return state;
  }
}
