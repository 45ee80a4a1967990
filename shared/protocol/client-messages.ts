// Messages a client (the extension's background, a script, the CLI) sends to the companion. Every
// message is one JSON text frame with a `type`; an optional `id` is echoed as `re` in the reply so a
// client can match replies to requests. Until `hello` succeeds only `hello` and `ping` are accepted.
import { z } from 'zod';
import { ClientName, JobId, JobLabel, JobOptions, RequestId, TargetName } from './common.js';

/**
 * `hello` — first message on every connection. Authenticate with exactly one of:
 * - `token`: a long-lived client token (from pairing, `gleaner token`, GLEANER_TOKEN or the admin file);
 * - `code`: a one-time pairing code shown by `gleaner pair` / the daemon banner. The `welcome` reply
 *   then carries the new client token once; store it, the companion keeps only its hash.
 * Reply: `welcome`, or `error` (ERR_PROTOCOL_VERSION, ERR_AUTH_REQUIRED, ERR_AUTH_INVALID_TOKEN,
 * ERR_AUTH_INVALID_CODE, ERR_AUTH_RATE_LIMITED) after which the server closes the connection.
 */
export const HelloMessage = z
  .object({
    type: z.literal('hello'),
    id: RequestId.optional(),
    /** PROTOCOL_VERSION the client speaks. */
    version: z.number().int().min(0),
    /** Shown in `gleaner clients`, e.g. "Firefox extension" or "nightly backup script". */
    client: ClientName,
    token: z.string().min(1).max(256).optional(),
    code: z.string().min(1).max(32).optional(),
  })
  .refine((m) => !(m.token !== undefined && m.code !== undefined), 'send either token or code, not both');
export type HelloMessage = z.infer<typeof HelloMessage>;

/**
 * `job.submit` — run the pipelines on items. `items` are Scrapy items (JSON objects with `file_urls`,
 * `image_urls`, optional `referer` and `media_headers`); an element that is not an object comes back
 * as an `{ "_error": … }` result (ERR_INPUT_NOT_OBJECT), as `gleaner run` does for a bad line.
 * `target` names a storage target (default: "default"). The submitting connection follows the job.
 * Reply: `job.accepted`, then `job.progress`, `job.item` per item, and `job.done`; or `error`
 * (ERR_JOB_TOO_MANY_ITEMS, ERR_JOB_QUEUE_FULL, ERR_JOB_UNKNOWN_TARGET, ERR_JOB_INVALID_OPTIONS).
 */
export const JobSubmitMessage = z.object({
  type: z.literal('job.submit'),
  id: RequestId.optional(),
  items: z.array(z.unknown()),
  target: TargetName.optional(),
  options: JobOptions.optional(),
  /** Shown in `job.list`, e.g. the page title or URL. */
  label: JobLabel.optional(),
});
export type JobSubmitMessage = z.infer<typeof JobSubmitMessage>;

/**
 * `job.cancel` — stop a job: queued files are dropped, running downloads aborted, finished results
 * kept. Reply: `ok` (also for a job that already finished), then `job.done` with state "cancelled"
 * to followers; or `error` ERR_JOB_NOT_FOUND.
 */
export const JobCancelMessage = z.object({
  type: z.literal('job.cancel'),
  id: RequestId.optional(),
  job: JobId,
});
export type JobCancelMessage = z.infer<typeof JobCancelMessage>;

/** `job.list` — this client's jobs (running, queued and recently finished). Reply: `job.listed`. */
export const JobListMessage = z.object({
  type: z.literal('job.list'),
  id: RequestId.optional(),
});
export type JobListMessage = z.infer<typeof JobListMessage>;

/**
 * `job.get` — state and results so far, for a client that reconnects. Results are returned in
 * completion order starting at `from` (a `seq`; default 0), at most `limit` (default and maximum
 * 1000) per reply; `job.state.next` is the `from` for the next page. With `follow: true` this
 * connection also receives the job's live `job.progress` / `job.item` / `job.done` from now on;
 * live `job.item` carry `seq`, so a client drops the ones it already has.
 * Reply: `job.state`, or `error` ERR_JOB_NOT_FOUND.
 */
export const JobGetMessage = z.object({
  type: z.literal('job.get'),
  id: RequestId.optional(),
  job: JobId,
  from: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  follow: z.boolean().optional(),
});
export type JobGetMessage = z.infer<typeof JobGetMessage>;

/**
 * `pair.create` — admin only (the local CLI authenticated with the admin token file): make a new
 * one-time pairing code. Reply: `pair.code`, or `error` ERR_AUTH_NOT_ALLOWED.
 */
export const PairCreateMessage = z.object({
  type: z.literal('pair.create'),
  id: RequestId.optional(),
});
export type PairCreateMessage = z.infer<typeof PairCreateMessage>;

/** `ping` — keep-alive (MV3 service workers) and liveness check. Reply: `pong`. Allowed before hello. */
export const PingMessage = z.object({
  type: z.literal('ping'),
  id: RequestId.optional(),
});
export type PingMessage = z.infer<typeof PingMessage>;

export const ClientMessage = z.discriminatedUnion('type', [
  HelloMessage,
  JobSubmitMessage,
  JobCancelMessage,
  JobListMessage,
  JobGetMessage,
  PairCreateMessage,
  PingMessage,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type ClientMessageType = ClientMessage['type'];
