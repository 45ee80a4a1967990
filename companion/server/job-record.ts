// One job as the daemon remembers it: who owns it, its state, running counts, and the connections
// following it. Its results live on disk (JobFiles): each item is journaled before its `job.item` goes
// out, so whatever a client has seen survives a crash, and `job.get` reads results back page by page.
// Events go out through `JobFollower`s; the record itself knows nothing about sockets.
import { setMaxListeners } from 'node:events';
import { GleanerError, toGleanerError, type ErrorCode } from '../../shared/errors.js';
import type {
  CodedError, FileProgress, ItemResult, JobCounts, JobInfo, JobState, JobSummary,
} from '../../shared/protocol/common.js';
import type { ServerMessage } from '../../shared/protocol/server-messages.js';
import type { Settings } from '../config/settings.js';
import type { JobFiles } from './job-files.js';
import { fileKey, ProgressBatcher } from './progress-batcher.js';
import { ResultTally } from './result-tally.js';

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
  itemCount: number;
  disk: JobFiles;
  settings: Settings;
  createdAt?: number;
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
  readonly createdAt: number;
  readonly abort = new AbortController();
  readonly followers = new Set<JobFollower>();
  readonly disk: JobFiles;
  state: JobState = 'queued';
  startedAt: number | undefined;
  finishedAt: number | undefined;
  summary: JobSummary | undefined;
  error: CodedError | undefined;
  /** Items already journaled when the job was loaded after a restart (0 for a new job). */
  resumedItems = 0;
  /** Counts of the finished items, for summaries that span a restart. */
  readonly tally: ResultTally;
  /** The last pending journal write: items are journaled in order, so this settles after all of them. */
  private lastAppend: Promise<unknown> = Promise.resolve();

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
    this.disk = init.disk;
    this.createdAt = init.createdAt ?? Date.now();
    this.tally = new ResultTally(init.settings);
    // Every download in flight listens on the job's signal; that is expected, not a leak.
    setMaxListeners(0, this.abort.signal);
    this.itemCount = init.itemCount;
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

  /**
   * An item finished: journal it, then tell the followers. A client never sees a result a crash could
   * lose, and its `seq` is the item's place in the journal, the same after a restart. When the journal
   * cannot be written the job stops with ERR_JOB_JOURNAL rather than produce results it cannot keep.
   */
  onItem(index: number, output: Record<string, unknown>): void {
    const append = this.disk.append(index, output).then(
      (seq) => {
        this.tally.add(output);
        this.broadcast({ type: 'job.item', job: this.id, seq, index, item: output }, 'item');
      },
      (error: unknown) => {
        if (!this.abort.signal.aborted) this.abort.abort(toGleanerError(error, 'ERR_JOB_JOURNAL'));
      },
    );
    this.lastAppend = append;
  }

  /** Resolves when every item reported so far is journaled (or refused). */
  itemsSettled(): Promise<unknown> {
    return this.lastAppend;
  }

  /** Seeds the counts of a job loaded after a restart with the items it had already finished. */
  restoreItem(output: Record<string, unknown>): void {
    this.tally.add(output);
    this.resumedItems++;
  }

  /** Seeds the file counts from the restored items (progress only reports files of this run). */
  restoreCounts(): void {
    this.seenFiles = this.finishedFiles = this.tally.finishedFiles;
    this.failedFiles = this.tally.files.failed;
  }

  /** A finished job loaded after a restart: its final state as saved. */
  restoreFinal(final: { state: 'done' | 'cancelled' | 'failed'; summary: JobSummary; error?: CodedError | undefined; counts: JobCounts; startedAt?: number | undefined; finishedAt: number }): void {
    this.state = final.state;
    this.summary = final.summary;
    if (final.error) this.error = final.error;
    this.startedAt = final.startedAt;
    this.finishedAt = final.finishedAt;
    this.seenFiles = final.counts.files;
    this.finishedFiles = final.counts.finished;
    this.failedFiles = final.counts.failed;
    this.finishedBytes = final.counts.bytes;
  }

  /** The error that stopped the job when it was not a cancel (a journal failure), if any. */
  stopError(): GleanerError | undefined {
    const reason: unknown = this.abort.signal.reason;
    return reason instanceof GleanerError && reason.code !== 'ERR_JOB_CANCELLED' ? reason : undefined;
  }

  get resultCount(): number {
    return this.disk.resultCount;
  }

  /** A page of results (completion order) read back from the journal. */
  readResults(from: number, limit: number): Promise<ItemResult[]> {
    return this.disk.readResults(from, from + limit);
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
      items: this.disk.resultCount,
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

  /**
   * The job's summary from its item outputs: for a job that ends without the runner's summary (failed,
   * cancelled while queued), or one resumed after a restart, whose runner saw only part of it. Bytes
   * and seconds are those of this run.
   */
  tallySummary(cancelled: boolean, runnerBytes?: number): JobSummary {
    const seconds = this.startedAt ? (Date.now() - this.startedAt) / 1000 : 0;
    return this.tally.summary(runnerBytes ?? this.finishedBytes, seconds, cancelled);
  }

  private broadcast(message: ServerMessage, kind: 'progress' | 'item' | 'done'): void {
    for (const follower of this.followers) follower.deliver(message, kind);
  }
}
