// Cancellation for the image steps. Decoding and encoding run inside sharp's thread pool and cannot be
// interrupted, so the signal is checked between steps and, in the JavaScript resampler, between bands
// of rows (where we also yield so a large image never blocks the event loop for long).
import { GleanerError } from '../../../shared/errors.js';

/** Throws if the signal is aborted: its reason when that is already a coded error, else ERR_JOB_CANCELLED. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof GleanerError) throw reason;
  throw new GleanerError('ERR_JOB_CANCELLED', 'Image processing was cancelled', { cause: reason });
}

/** Lets pending I/O and timers run; used between bands of CPU-heavy JavaScript work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * For loops over bands of rows: `await pacer.tick()` once per band checks the signal every time and,
 * once `budgetMs` of work has passed since the last pause, yields to the event loop.
 */
export function createPacer(signal: AbortSignal | undefined, budgetMs = 15): { tick(): Promise<void> } {
  let last = performance.now();
  return {
    async tick() {
      throwIfAborted(signal);
      if (performance.now() - last < budgetMs) return;
      await yieldToEventLoop();
      throwIfAborted(signal);
      last = performance.now();
    },
  };
}
