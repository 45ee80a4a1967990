// Messages the companion sends. Replies to a request carry `re` (the request's `id`); events about a
// job (`job.progress`, `job.item`, `job.done`) go to every connection that follows the job: the one
// that submitted it and any that asked `job.get` with `follow: true`.
import { z } from 'zod';
import {
  ErrorCodeSchema, FileProgress, ItemResult, JobCounts, JobId, JobInfo, JobState, JobSummary, RequestId,
  ServerLimits, TargetInfo, CodedError,
} from './common.js';

/**
 * `welcome` — `hello` succeeded. `token` is present only after pairing with a code: it is the new
 * long-lived client token, shown this once. `targets` are the storage targets a job may name.
 */
export const WelcomeMessage = z.object({
  type: z.literal('welcome'),
  re: RequestId.optional(),
  /** Protocol version the server speaks on this connection. */
  version: z.number().int(),
  /** The companion's release (package version). */
  server: z.string(),
  clientId: z.string(),
  token: z.string().optional(),
  targets: z.array(TargetInfo),
  capabilities: z.array(z.string()),
  limits: ServerLimits,
});
export type WelcomeMessage = z.infer<typeof WelcomeMessage>;

/** `job.accepted` — the job exists. `state` is "queued" while other jobs fill every running slot. */
export const JobAcceptedMessage = z.object({
  type: z.literal('job.accepted'),
  re: RequestId.optional(),
  job: JobId,
  items: z.number().int().min(0),
  state: JobState,
});
export type JobAcceptedMessage = z.infer<typeof JobAcceptedMessage>;

/**
 * `job.progress` — throttled (at most one per job every few hundred milliseconds): the latest stage of
 * each file that changed since the previous progress message (coalesced, so a file that went queued →
 * downloading → stored in between appears once, as stored), plus running counts.
 */
export const JobProgressMessage = z.object({
  type: z.literal('job.progress'),
  job: JobId,
  files: z.array(FileProgress),
  counts: JobCounts,
});
export type JobProgressMessage = z.infer<typeof JobProgressMessage>;

/** `job.item` — one item with its result fields (`files`, `images`, `*_errors`), exactly as `gleaner run` prints it. */
export const JobItemMessage = ItemResult.extend({
  type: z.literal('job.item'),
  job: JobId,
});
export type JobItemMessage = z.infer<typeof JobItemMessage>;

/** `job.done` — the job ended: "done", "cancelled", or "failed" (with `error`; items reported stay valid). */
export const JobDoneMessage = z.object({
  type: z.literal('job.done'),
  job: JobId,
  state: z.enum(['done', 'cancelled', 'failed']),
  summary: JobSummary,
  error: CodedError.optional(),
});
export type JobDoneMessage = z.infer<typeof JobDoneMessage>;

/** `job.listed` — reply to `job.list`, newest first. */
export const JobListedMessage = z.object({
  type: z.literal('job.listed'),
  re: RequestId.optional(),
  jobs: z.array(JobInfo),
});
export type JobListedMessage = z.infer<typeof JobListedMessage>;

/**
 * `job.state` — reply to `job.get`: the job's info, results from `from` (completion order), the files
 * in flight right now (downloading or processing), `next` (the `from` of the following page) and `more`
 * (true when results beyond this page exist already).
 */
export const JobStateMessage = z.object({
  type: z.literal('job.state'),
  re: RequestId.optional(),
  info: JobInfo,
  items: z.array(ItemResult),
  active: z.array(FileProgress),
  next: z.number().int().min(0),
  more: z.boolean(),
  following: z.boolean(),
});
export type JobStateMessage = z.infer<typeof JobStateMessage>;

/** `pair.code` — reply to `pair.create`: a one-time code and when it expires (ms since the epoch). */
export const PairCodeMessage = z.object({
  type: z.literal('pair.code'),
  re: RequestId.optional(),
  code: z.string(),
  expiresAt: z.number(),
  ttlSeconds: z.number(),
});
export type PairCodeMessage = z.infer<typeof PairCodeMessage>;

/** `ok` — a request without a richer answer (job.cancel) succeeded. */
export const OkMessage = z.object({
  type: z.literal('ok'),
  re: RequestId.optional(),
  job: JobId.optional(),
});
export type OkMessage = z.infer<typeof OkMessage>;

/** `pong` — reply to `ping`; `time` is the server clock in ms. */
export const PongMessage = z.object({
  type: z.literal('pong'),
  re: RequestId.optional(),
  time: z.number(),
});
export type PongMessage = z.infer<typeof PongMessage>;

/**
 * `error` — a coded error (see shared/errors.ts and the README). `re` names the request it answers when
 * the request had a readable id; `job` the job it concerns. `fatal: true` means the server closes the
 * connection right after (failed authentication, too many connections, shutdown, slow consumer).
 */
export const ErrorMessage = z.object({
  type: z.literal('error'),
  re: RequestId.optional(),
  code: ErrorCodeSchema,
  message: z.string(),
  job: JobId.optional(),
  fatal: z.boolean().optional(),
});
export type ErrorMessage = z.infer<typeof ErrorMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  WelcomeMessage,
  JobAcceptedMessage,
  JobProgressMessage,
  JobItemMessage,
  JobDoneMessage,
  JobListedMessage,
  JobStateMessage,
  PairCodeMessage,
  OkMessage,
  PongMessage,
  ErrorMessage,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type ServerMessageType = ServerMessage['type'];
