// Building blocks shared by client and server messages: ids, names, job options, progress entries,
// job summaries and job info. Every schema here is a zod validator; the TypeScript types are inferred
// from them so the type and the runtime check can never drift apart.
import { z } from 'zod';
import { isErrorCode, type ErrorCode } from '../errors.js';

/** A request id chosen by the client; replies echo it in `re`. */
export const RequestId = z.string().min(1).max(64);

/** A job id chosen by the server. */
export const JobId = z.string().min(1).max(64);

/** A storage target's name, as configured in the companion (never a path). */
export const TargetName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a target name of letters, digits, _ . and -');

/** A human-readable name (client or job label): no control characters. */
const Label = (max: number) =>
  z.string().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
export const ClientName = Label(100);
export const JobLabel = Label(500);

/** An error code from shared/errors.ts. */
export const ErrorCodeSchema = z.custom<ErrorCode>((value) => isErrorCode(value), 'a known ERR_* code');

/** A coded error embedded in another message (a failed job, a failed file). */
export const CodedError = z.object({ code: ErrorCodeSchema, message: z.string() });
export type CodedError = z.infer<typeof CodedError>;

// Headers the companion sets itself or that would break the HTTP framing; a client may not set them.
export const FORBIDDEN_HEADERS: readonly string[] = [
  'host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'keep-alive',
  'expect', 'proxy-authorization', 'proxy-connection',
];
const HeaderName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'an HTTP header name')
  .refine((name) => !FORBIDDEN_HEADERS.includes(name.toLowerCase()), 'a header the companion sets itself');
const HeaderValue = z.string().max(8192).regex(/^[^\r\n\u0000]*$/, 'no CR, LF or NUL');

/** IMAGES_THUMBS as a job, target or preset gives it: {name: [width, height]}. */
export const ThumbSizes = z
  .record(
    z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a thumbnail name of letters, digits, _ and -'),
    z.tuple([z.number().int().min(1).max(10000), z.number().int().min(1).max(10000)]),
  )
  .refine((thumbs) => Object.keys(thumbs).length <= 20, 'at most 20 thumbnail sizes');

/**
 * Per-job options. Each maps onto Scrapy settings for this job only (narrowest wins):
 * - pipelines: turn the Files or Images pipeline off (false) for this job. Turning on a pipeline the
 *   target has no store for is ERR_JOB_INVALID_OPTIONS.
 * - thumbs → IMAGES_THUMBS ({"small": [50, 50]}).
 * - minWidth / minHeight → IMAGES_MIN_WIDTH / IMAGES_MIN_HEIGHT.
 * - expiresDays → FILES_EXPIRES and IMAGES_EXPIRES.
 * - redirects → MEDIA_ALLOW_REDIRECTS.
 * - headers → sent with every download of the job (an item's `referer` / `media_headers` fields win).
 * Stores always come from the target: a client never gives a path.
 */
export const JobOptions = z.object({
  pipelines: z.object({ files: z.boolean().optional(), images: z.boolean().optional() }).optional(),
  thumbs: ThumbSizes.optional(),
  minWidth: z.number().int().min(0).max(100000).optional(),
  minHeight: z.number().int().min(0).max(100000).optional(),
  expiresDays: z.number().int().min(0).max(36500).optional(),
  redirects: z.boolean().optional(),
  headers: z
    .record(HeaderName, HeaderValue)
    .refine((headers) => Object.keys(headers).length <= 50, 'at most 50 headers')
    .optional(),
});
export type JobOptions = z.infer<typeof JobOptions>;

/** Where one file is: queued → downloading → processing → stored (or uptodate / cached / failed). */
export const FileStage = z.enum(['queued', 'downloading', 'processing', 'stored', 'uptodate', 'cached', 'failed']);
export type FileStage = z.infer<typeof FileStage>;

/** The latest state of one file of a job. `index` is the item's position in `job.submit.items`. */
export const FileProgress = z.object({
  index: z.number().int().min(0),
  pipeline: z.enum(['files', 'images']),
  url: z.string(),
  stage: FileStage,
  /** Bytes received so far (downloading) or in total (stored). */
  bytes: z.number().min(0).optional(),
  /** Content-Length when the server sent one, else null. */
  total: z.number().min(0).nullable().optional(),
  /** Path relative to the store root, once stored. */
  path: z.string().optional(),
  code: ErrorCodeSchema.optional(),
  message: z.string().optional(),
});
export type FileProgress = z.infer<typeof FileProgress>;

/** Running counts of a job's files, sent with every progress message and in job info. */
export const JobCounts = z.object({
  /** Files seen so far (grows while items are expanded). */
  files: z.number().int().min(0),
  /** Files in a final stage (stored, uptodate, cached or failed). */
  finished: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** Bytes downloaded so far. */
  bytes: z.number().min(0),
  /** Items whose result is ready (`job.item` sent). */
  items: z.number().int().min(0),
});
export type JobCounts = z.infer<typeof JobCounts>;

/** What a finished job did: counts by status, bytes and seconds (as `gleaner run` reports it). */
export const JobSummary = z.object({
  items: z.number().int().min(0),
  invalid: z.number().int().min(0),
  files: z.object({
    downloaded: z.number().int().min(0),
    uptodate: z.number().int().min(0),
    cached: z.number().int().min(0),
    failed: z.number().int().min(0),
  }),
  bytes: z.number().min(0),
  seconds: z.number().min(0),
  cancelled: z.boolean(),
});
export type JobSummary = z.infer<typeof JobSummary>;

/** queued (waiting for a slot) → running → done | cancelled | failed (the job itself broke). */
export const JobState = z.enum(['queued', 'running', 'done', 'cancelled', 'failed']);
export type JobState = z.infer<typeof JobState>;

/** A job as `job.list` and `job.get` describe it. Times are milliseconds since the epoch. */
export const JobInfo = z.object({
  job: JobId,
  state: JobState,
  target: TargetName,
  label: z.string().optional(),
  /** Number of items submitted. */
  items: z.number().int().min(0),
  counts: JobCounts,
  createdAt: z.number(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  summary: JobSummary.optional(),
  error: CodedError.optional(),
});
export type JobInfo = z.infer<typeof JobInfo>;

/** One item result. `seq` numbers results in the order they completed (0, 1, 2, …) per job. */
export const ItemResult = z.object({
  seq: z.number().int().min(0),
  index: z.number().int().min(0),
  item: z.record(z.string(), z.unknown()),
});
export type ItemResult = z.infer<typeof ItemResult>;

/** A storage target as the client sees it: a name, which pipelines it has, and where (secrets removed). */
export const TargetInfo = z.object({
  name: TargetName,
  description: z.string().optional(),
  /** Display URI of FILES_STORE (credentials removed), absent when the target has no files store. */
  files: z.string().optional(),
  /** Display URI of IMAGES_STORE, absent when the target has no images store. */
  images: z.string().optional(),
  default: z.boolean(),
});
export type TargetInfo = z.infer<typeof TargetInfo>;

/** Limits the server enforces, announced in `welcome` so a client can split work beforehand. */
export const ServerLimits = z.object({
  maxMessageBytes: z.number().int().min(1),
  maxItemsPerJob: z.number().int().min(1),
  maxQueuedJobs: z.number().int().min(1),
});
export type ServerLimits = z.infer<typeof ServerLimits>;
