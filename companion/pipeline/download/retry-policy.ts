// When and how long to wait before trying a download again: Scrapy's RetryMiddleware rules (RETRY_TIMES
// retries on RETRY_HTTP_CODES and connection errors), with Gleaner's exponential backoff and
// Retry-After support (a 429 or 503 saying "wait 5 s" is waited for, up to RETRY_BACKOFF_MAX).
import type { ErrorCode } from '../../../shared/errors.js';

export interface RetryPolicy {
  enabled: boolean;
  times: number;
  httpCodes: ReadonlySet<number>;
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
}

const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([
  'ERR_DOWNLOAD_CONNECTION',
  'ERR_DOWNLOAD_TIMEOUT',
  'ERR_DOWNLOAD_DNS',
  'ERR_DOWNLOAD_TRUNCATED',
]);

export function isRetryableError(code: ErrorCode): boolean {
  return RETRYABLE_CODES.has(code);
}

/** Parses Retry-After (seconds or an HTTP date) into seconds from now, or undefined. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

/** Delay in ms before retry number `retry` (1-based). */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterSeconds?: number): number {
  const backoff = policy.backoffBaseSeconds * 2 ** (retry - 1);
  const wanted = retryAfterSeconds ?? backoff;
  return Math.round(Math.min(wanted, policy.backoffMaxSeconds) * 1000);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
