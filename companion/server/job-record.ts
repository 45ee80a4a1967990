// One job as the daemon remembers it: who owns it, its state, every result so far (for `job.get` after a
// reconnect), running counts, and the connections following it. Events go out through `JobFollower`s;
// the record itself knows nothing about sockets.
import { setMaxListeners } from 'node:events';
import type { ErrorCode } from '../../shared/errors.js';
import type {
  CodedError, FileProgress, ItemResult, JobCounts, JobInfo, JobState, JobSummary,
} from '../../shared/protocol/common.js';
import type { ServerMessage } from '../../shared/protocol/server-messages.js';
import type { Settings } from '../config/settings.js';
import type { JobInput } from '../jobs/run-job.js';
import { fileKey, ProgressBatcher } from './progress-batcher.js';

/** A connection that receives a job's events. `kind` lets it drop progress when it is behind. */
export interface JobFollower {
  deliver(message: ServerMessage, kind: 'progress' | 'item' | 'done'): void;
}

const FINAL_STAGES = new Set(['stored', 'uptodate', 'cached', 'failed']);
const ACTIVE_STAGES = new Set(['downloading', 'processing']);

export interface JobRecordInit {
  id: string;
  ownerId: string;
  target: string;
  label?: string | undefined;
  inputs: JobInput[];
  settings: Settings;
  progressIntervalMs: number;
  progressMaxFiles: number;
}

export class JobRecord {
  readonly id: string;
  readonly ownerId: string;
  readonly target: string;
  readonly label: string | undefined;
  readonly settings: Settings;
  readonly itemCount: number;
  readonly createdAt = Date.now();
  readonly abort = new AbortController();
  readonly followers = new Set<JobFollower>();
  readonly results: ItemResult[] = [];
  state: JobState = 'queued';
  startedAt: number | undefined;
  finishedAt: number | undefined;
  summary: JobSummary | undefined;
  error: CodedError | undefined;
  /** Released once the job has started (the runner holds its own reference while it runs). */
  inputs: JobInput[] | undefined;

  /** Files not in a final stage yet, with their latest event. */
  private readonly files = new Map<string, FileProgress>();
  /** Files already in a final stage (to count each file once). */
  private readonly finalKeys = new Set<string>();
  private seenFiles = 0;
  private finishedFiles = 0;
  private failedFiles = 0;
  private finishedBytes = 0;
  private readonly batcher: ProgressBatcher;

  constructor(init: JobRecordInit) {
    this.id = init.id;
    this.ownerId = init.ownerId;
    this.target = init.target;
    this.label = init.label;
    this.settings = init.settings;
    this.inputs = init.inputs;
    // Every download in flight listens on the job's signal; that is expected, not a leak.
    setMaxListeners(0, this.abort.signal);
    this.itemCount = init.inputs.length;
    this.batcher = new ProgressBatcher(init.progressIntervalMs, init.progressMaxFiles, (files) =>
      this.broadcast({ type: 'job.progress', job: this.id, files, counts: this.counts() }, 'progress'),
    );
  }

  get finished(): boolean {
    return this.state === 'done' || this.state === 'cancelled' || this.state === 'failed';
  }

  onProgress(event: FileProgress): void {
    const key = fileKey(event);
    const wasFinal = this.finalKeys.has(key);
    if (!wasFinal && !this.files.has(key)) this.seenFiles++;
    if (FINAL_STAGES.has(event.stage)) {
      if (!wasFinal) {
        this.finishedFiles++;
        if (event.stage === 'failed') this.failedFiles++;
        if (event.stage === 'stored' && event.bytes !== undefined) this.finishedBytes += event.bytes;
        this.finalKeys.add(key);
      }
      this.files.delete(key);
    } else if (!wasFinal) {
      this.files.set(key, event);
    }
    this.batcher.push(event);
  }

  onItem(index: number, output: Record<string, unknown>): void {
    const result: ItemResult = { seq: this.results.length, index, item: output };
    this.results.push(result);
    this.broadcast({ type: 'job.item', job: this.id, ...result }, 'item');
  }

  /** Ends the job: pending progress first, then job.done to every follower. */
  finish(state: 'done' | 'cancelled' | 'failed', summary: JobSummary, error?: { code: ErrorCode; message: string }): void {
    this.batcher.drain();
    this.state = state;
    this.finishedAt = Date.now();
    this.summary = summary;
    if (error) this.error = error;
    this.files.clear();
    this.finalKeys.clear();
    this.inputs = undefined;
    const done: ServerMessage = { type: 'job.done', job: this.id, state, summary, ...(error ? { error } : {}) };
    this.broadcast(done, 'done');
    this.followers.clear();
  }

  counts(): JobCounts {
    let activeBytes = 0;
    for (const file of this.files.values()) {
      if (file.stage === 'downloading' && file.bytes !== undefined) activeBytes += file.bytes;
    }
    return {
      files: this.seenFiles,
      finished: this.finishedFiles,
      failed: this.failedFiles,
      bytes: this.finishedBytes + activeBytes,
      items: this.results.length,
    };
  }

  /** Files downloading or processing right now. */
  active(): FileProgress[] {
    return [...this.files.values()].filter((file) => ACTIVE_STAGES.has(file.stage));
  }

  info(): JobInfo {
    const info: JobInfo = {
      job: this.id,
      state: this.state,
      target: this.target,
      items: this.itemCount,
      counts: this.counts(),
      createdAt: this.createdAt,
    };
    if (this.label !== undefined) info.label = this.label;
    if (this.startedAt !== undefined) info.startedAt = this.startedAt;
    if (this.finishedAt !== undefined) info.finishedAt = this.finishedAt;
    if (this.summary) info.summary = this.summary;
    if (this.error) info.error = this.error;
    return info;
  }

  /** What the job did so far, for a job that ends without the runner's summary (failed, cancelled while queued). */
  partialSummary(cancelled: boolean): JobSummary {
    const files = { downloaded: 0, uptodate: 0, cached: 0, failed: 0 };
    let invalid = 0;
    for (const { item } of this.results) {
      if ('_error' in item) invalid++;
      for (const value of Object.values(item)) {
        if (!Array.isArray(value)) continue;
        for (const entry of value) {
          const status = (entry as { status?: unknown } | null)?.status;
          if (status === 'downloaded' || status === 'uptodate' || status === 'cached') files[status]++;
        }
      }
    }
    files.failed = this.failedFiles;
    const seconds = this.startedAt ? (Date.now() - this.startedAt) / 1000 : 0;
    return {
      items: this.results.length - invalid,
      invalid,
      files,
      bytes: this.finishedBytes,
      seconds: Math.round(seconds * 1000) / 1000,
      cancelled,
    };
  }

  private broadcast(message: ServerMessage, kind: 'progress' | 'item' | 'done'): void {
    for (const follower of this.followers) follower.deliver(message, kind);
  }
}
