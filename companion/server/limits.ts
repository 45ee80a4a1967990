// Bounds the daemon enforces so no client — buggy or hostile — can exhaust it. Each has a default here
// and may be changed in companion.json under "limits"; a breach is answered with a coded error and the
// daemon carries on. Timing knobs (backoff, throttling, grace) live here too so tests can shrink them.
import { z } from 'zod';

export const Limits = z.object({
  /** Largest text frame handled, in bytes. Larger ones get ERR_PROTOCOL_TOO_LARGE; beyond twice this the socket is closed (1009). */
  maxMessageBytes: z.number().int().min(1024).default(8 * 1024 * 1024),
  /** Deepest nesting of arrays and objects in a message (ERR_PROTOCOL_TOO_DEEP beyond). */
  maxJsonDepth: z.number().int().min(4).max(1000).default(64),
  /** Most items in one job.submit (ERR_JOB_TOO_MANY_ITEMS). */
  maxItemsPerJob: z.number().int().min(1).default(20_000),
  /** Most unfinished jobs (queued + running) across all clients (ERR_JOB_QUEUE_FULL). */
  maxQueuedJobs: z.number().int().min(1).default(64),
  /** Jobs that run at once; the rest wait in order. All running jobs share one downloader fairly. */
  maxRunningJobs: z.number().int().min(1).default(4),
  /** Open WebSocket connections (ERR_PROTOCOL_TOO_MANY_CONNECTIONS). */
  maxConnections: z.number().int().min(1).default(32),
  /** Finished jobs kept in memory for job.get / job.list; the oldest are forgotten first. */
  keepFinishedJobs: z.number().int().min(0).default(50),
  /** Requests waiting for their turn on one connection (ERR_PROTOCOL_RATE_LIMITED beyond). */
  maxPendingMessages: z.number().int().min(1).default(32),
  /** Bytes queued for a client that does not read; beyond, the connection is closed (ERR_PROTOCOL_SLOW_CONSUMER). */
  maxBufferedBytes: z.number().int().min(1024).default(64 * 1024 * 1024),
  /** Time to send hello after connecting. */
  helloTimeoutMs: z.number().int().min(10).default(10_000),
  /** Least time between two job.progress messages of one job. */
  progressIntervalMs: z.number().int().min(0).default(250),
  /** Most file entries in one job.progress message; the rest follow in the next one. */
  progressMaxFiles: z.number().int().min(1).default(1000),
  /** Lifetime of a pairing code. */
  pairingTtlSeconds: z.number().int().min(1).default(300),
  /** First delay after a failed authentication from one remote address; doubles per failure. */
  authBackoffBaseMs: z.number().int().min(0).default(500),
  /** Longest such delay. */
  authBackoffMaxMs: z.number().int().min(0).default(15_000),
  /** On shutdown, how long running files may finish before they are cancelled. */
  shutdownGraceMs: z.number().int().min(0).default(10_000),
});
export type Limits = z.infer<typeof Limits>;

export const DEFAULT_LIMITS: Limits = Object.freeze(Limits.parse({}));

export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  return Object.freeze(Limits.parse(overrides));
}
