// Per-host politeness, consulted by the limiter before a request to a host may start:
// - AutoThrottle (Scrapy's algorithm): the gap between request starts follows the measured latency
//   towards AUTOTHROTTLE_TARGET_CONCURRENCY requests in flight, within [DOWNLOAD_DELAY, MAX_DELAY].
// - Host pauses: a 429 or 503 that says Retry-After holds back every request to that host, not only
//   the one that was told.
// - A circuit per host: after HOST_CIRCUIT_FAILURES failed attempts in a row the host is paused for
//   HOST_CIRCUIT_PAUSE seconds; requests for it fail fast meanwhile (the job goes on with other hosts),
//   and the first request after the pause probes whether the host is back.

export interface PolitenessSettings {
  autothrottle: boolean;
  startDelayMs: number;
  maxDelayMs: number;
  minDelayMs: number;
  targetConcurrency: number;
  circuitFailures: number;
  circuitPauseMs: number;
}

interface HostState {
  delayMs: number;
  nextStart: number;
  pausedUntil: number;
  failuresInRow: number;
  circuitOpenUntil: number;
}

export class HostPoliteness {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly settings: PolitenessSettings,
    private readonly now: () => number = Date.now,
  ) {}

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      const delayMs = this.settings.autothrottle ? this.settings.startDelayMs : this.settings.minDelayMs;
      state = { delayMs, nextStart: 0, pausedUntil: 0, failuresInRow: 0, circuitOpenUntil: 0 };
      this.hosts.set(host, state);
    }
    return state;
  }

  /** The earliest time (ms since the epoch) a request to host may start. */
  readyAt(host: string): number {
    const state = this.hosts.get(host);
    return state ? Math.max(state.nextStart, state.pausedUntil) : 0;
  }

  /** A request to host starts now: the next one waits the current delay. */
  started(host: string): void {
    const state = this.state(host);
    state.nextStart = this.now() + state.delayMs;
  }

  /** Milliseconds the host's circuit stays open, or 0 when requests may go. */
  circuitOpenFor(host: string): number {
    const state = this.hosts.get(host);
    return state ? Math.max(0, state.circuitOpenUntil - this.now()) : 0;
  }

  /** Response headers arrived after `latencyMs` (AutoThrottle's measure) with `status`. */
  responded(host: string, latencyMs: number, status: number): void {
    if (!this.settings.autothrottle) return;
    const state = this.state(host);
    const target = latencyMs / this.settings.targetConcurrency;
    let next = Math.max(target, (state.delayMs + target) / 2);
    next = Math.min(Math.max(this.settings.minDelayMs, next), this.settings.maxDelayMs);
    // Error pages are small and fast: letting them shrink the delay would speed up against a failing host.
    if (status !== 200 && next <= state.delayMs) return;
    state.delayMs = next;
  }

  /** Holds back every request to host for `seconds` (Retry-After). */
  pause(host: string, seconds: number): void {
    const state = this.state(host);
    state.pausedUntil = Math.max(state.pausedUntil, this.now() + seconds * 1000);
  }

  succeeded(host: string): void {
    const state = this.hosts.get(host);
    if (state) state.failuresInRow = 0;
  }

  failed(host: string): void {
    if (this.settings.circuitFailures <= 0) return;
    const state = this.state(host);
    state.failuresInRow++;
    if (state.failuresInRow >= this.settings.circuitFailures) {
      state.circuitOpenUntil = this.now() + this.settings.circuitPauseMs;
      // After the pause one more failure reopens the circuit at once (a half-open probe).
      state.failuresInRow = this.settings.circuitFailures - 1;
    }
  }
}
