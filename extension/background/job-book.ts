// Every collect job the background knows, and how companion events change them. Pure state: no
// sockets, no browser APIs; job-sync.ts feeds it messages and storage, so it is unit-tested in Node.
import type { MediaEntry } from '../../shared/extract/types.js';
import { toItem, type MediaItem } from '../../shared/extract/to-items.js';
import type { FileProgress, JobOptions, JobStateMessage } from '../../shared/protocol/index.js';
import { FINAL_STAGES, type JobHead } from '../view-types.js';
import { jobHead } from './job-head.js';
import { recordState, type JobRecord, type Submission } from './job-types.js';
import { applyItemResult } from './item-results.js';

export type ChangeListener = (record: JobRecord, changed: number[] | 'all') => void;

export interface NewJob {
  tabId?: number;
  pageUrl: string;
  title: string;
  target?: string;
  options: JobOptions;
  media: MediaEntry[];
  /** The items to submit, one per entry of `media` (a preset's); default: toItem of each entry. */
  items?: MediaItem[];
}

/** Failures that say "stopped", not "this file is bad". */
const CANCELLED_CODES: ReadonlySet<string> = new Set(['ERR_JOB_CANCELLED', 'ERR_DOWNLOAD_CANCELLED']);

/** How many records are kept; older finished ones are forgotten first. */
export const KEEP_RECORDS = 8;

let counter = 0;
const newId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export class JobBook {
  private readonly records = new Map<string, JobRecord>();
  /** Results received above a submission's `next`, so `next` advances only over contiguous seqs. */
  private readonly received = new Map<string, Set<number>>();

  constructor(private readonly onChange: ChangeListener = () => {}) {}

  load(records: JobRecord[]): void {
    for (const record of records) this.records.set(record.key, record);
  }

  all(): JobRecord[] {
    return [...this.records.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  get(key: string): JobRecord | undefined {
    return this.records.get(key);
  }

  latestForTab(tabId: number): JobRecord | undefined {
    return this.all().filter((r) => r.tabId === tabId).pop();
  }

  hasUnfinished(): boolean {
    return this.all().some((r) => r.submissions.some((s) => s.state === 'pending' || s.state === 'sent' || s.state === 'running'));
  }

  create(job: NewJob): JobRecord {
    const page = { pageUrl: job.pageUrl, title: job.title };
    const record: JobRecord = {
      key: newId('j'),
      pageUrl: job.pageUrl,
      title: job.title,
      options: job.options,
      createdAt: Date.now(),
      files: job.media.map((m) => ({ url: m.url, kind: m.kind, stage: 'waiting' })),
      items: job.items ?? job.media.map((m) => toItem(m, page)),
      submissions: [],
    };
    if (job.tabId !== undefined) record.tabId = job.tabId;
    if (job.target) record.target = job.target;
    record.submissions.push(this.newSubmission(record.files.map((_, i) => i)));
    this.records.set(record.key, record);
    this.prune();
    this.onChange(record, 'all');
    return record;
  }

  private newSubmission(files: number[]): Submission {
    return { id: newId('s'), files, state: 'pending', next: 0 };
  }

  /** Submissions waiting to be sent, oldest first. */
  pending(): Array<{ record: JobRecord; submission: Submission }> {
    return this.all().flatMap((record) =>
      record.submissions.filter((s) => s.state === 'pending').map((submission) => ({ record, submission })),
    );
  }

  /** Submissions the companion is (or may be) running: to follow again after a reconnect. */
  inFlight(): Array<{ record: JobRecord; submission: Submission }> {
    return this.all().flatMap((record) =>
      record.submissions.filter((s) => s.state === 'sent' || s.state === 'running').map((submission) => ({ record, submission })),
    );
  }

  /**
   * Splits a pending submission so that each part has at most `maxFiles` files; the companion refuses
   * jobs above its item limit, and one very large message would exceed its frame limit.
   */
  split(record: JobRecord, submission: Submission, maxFiles: number): Submission[] {
    if (submission.files.length <= maxFiles) return [submission];
    const parts: Submission[] = [];
    for (let i = 0; i < submission.files.length; i += maxFiles) {
      parts.push(i === 0 ? submission : this.newSubmission(submission.files.slice(i, i + maxFiles)));
    }
    submission.files = submission.files.slice(0, maxFiles);
    record.submissions.push(...parts.slice(1));
    return parts;
  }

  markSent(record: JobRecord, submission: Submission): void {
    submission.state = 'sent';
    this.onChange(record, []);
  }

  /** A submit that could not be sent (connection lost): it goes back to waiting. */
  markPending(record: JobRecord, submission: Submission): void {
    submission.state = 'pending';
    delete submission.jobId;
    this.onChange(record, []);
  }

  accepted(record: JobRecord, submission: Submission, jobId: string): void {
    submission.jobId = jobId;
    submission.state = 'running';
    const changed: number[] = [];
    for (const index of submission.files) {
      const file = record.files[index];
      if (file && file.stage === 'waiting') {
        file.stage = 'queued';
        changed.push(index);
      }
    }
    this.onChange(record, changed);
  }

  /** The companion refused the submit (unknown target, bad options, …): its files fail with the reason. */
  rejected(record: JobRecord, submission: Submission, code: string, message: string): void {
    submission.state = 'failed';
    record.error = { code, message };
    const changed = this.failFiles(record, submission.files, code, message);
    this.onChange(record, changed);
  }

  findByJobId(jobId: string): { record: JobRecord; submission: Submission } | undefined {
    for (const record of this.records.values()) {
      const submission = record.submissions.find((s) => s.jobId === jobId);
      if (submission) return { record, submission };
    }
    return undefined;
  }

  findSubmission(submissionId: string): { record: JobRecord; submission: Submission } | undefined {
    for (const record of this.records.values()) {
      const submission = record.submissions.find((s) => s.id === submissionId);
      if (submission) return { record, submission };
    }
    return undefined;
  }

  progress(jobId: string, files: FileProgress[]): void {
    const found = this.findByJobId(jobId);
    if (!found) return;
    const changed = files.flatMap((p) => (this.applyProgress(found.record, found.submission, p) ? [found.submission.files[p.index]!] : []));
    if (changed.length) this.onChange(found.record, changed);
  }

  private applyProgress(record: JobRecord, submission: Submission, progress: FileProgress): boolean {
    const index = submission.files[progress.index];
    const file = index === undefined ? undefined : record.files[index];
    if (!file || FINAL_STAGES.has(file.stage)) return false;
    file.stage = progress.stage;
    if (progress.bytes !== undefined) file.bytes = progress.bytes;
    if (progress.total !== undefined) file.total = progress.total;
    if (progress.path !== undefined) file.path = progress.path;
    if (progress.code !== undefined) file.code = progress.code;
    if (progress.message !== undefined) file.message = progress.message;
    return true;
  }

  /** A `job.item`: the item with its result fields. */
  item(jobId: string, seq: number, index: number, output: Record<string, unknown>): void {
    const found = this.findByJobId(jobId);
    if (!found) return;
    const { record, submission } = found;
    this.advance(submission, seq);
    const fileIndex = submission.files[index];
    const file = fileIndex === undefined ? undefined : record.files[fileIndex];
    if (!file || fileIndex === undefined) return;
    applyItemResult(file, output);
    this.onChange(record, [fileIndex]);
  }

  private advance(submission: Submission, seq: number): void {
    let seen = this.received.get(submission.id);
    if (!seen) this.received.set(submission.id, (seen = new Set()));
    if (seq >= submission.next) seen.add(seq);
    while (seen.has(submission.next)) seen.delete(submission.next++);
  }

  done(jobId: string, state: 'done' | 'cancelled' | 'failed', error?: { code: string; message: string }): void {
    const found = this.findByJobId(jobId);
    if (!found) return;
    const { record, submission } = found;
    if (state === 'cancelled' && !submission.cancelRequested) {
      // The companion stopped (shutdown) without the user asking: carry on when it is back.
      this.lost(jobId);
      return;
    }
    submission.state = state;
    if (error) record.error = error;
    // Files without a result by now will not get one from this job.
    const open = submission.files.filter((i) => !FINAL_STAGES.has(record.files[i]!.stage));
    const changed =
      state === 'cancelled'
        ? this.failFiles(record, open, 'ERR_JOB_CANCELLED', 'The job was cancelled.')
        : this.failFiles(record, open, error?.code ?? 'ERR_JOB_INTERNAL', error?.message ?? 'The companion finished the job without a result for this file.');
    this.finishIfSettled(record);
    this.onChange(record, changed);
  }

  /** A `job.state` reply (catching up after a reconnect). Returns true when more results wait. */
  state(message: JobStateMessage): boolean {
    const found = this.findByJobId(message.info.job);
    if (!found) return false;
    for (const result of message.items) this.item(message.info.job, result.seq, result.index, result.item);
    this.progress(message.info.job, message.active);
    const info = message.info;
    if (info.state === 'done' || info.state === 'cancelled' || info.state === 'failed') {
      if (!message.more) this.done(info.job, info.state, info.error);
      return message.more;
    }
    return message.more;
  }

  /**
   * The companion no longer knows a job (it restarted), or stopped it without the user asking (it shut
   * down): the files without a real result — unfinished, or failed only because they were cancelled —
   * go into a new pending submission, so nothing the user asked for is dropped.
   */
  lost(jobId: string): void {
    const found = this.findByJobId(jobId);
    if (!found) return;
    const { record, submission } = found;
    submission.state = 'failed';
    const open = submission.files.filter((i) => {
      const file = record.files[i]!;
      return !FINAL_STAGES.has(file.stage) || (file.stage === 'failed' && CANCELLED_CODES.has(file.code ?? ''));
    });
    for (const i of open) record.files[i] = { url: record.files[i]!.url, kind: record.files[i]!.kind, stage: 'waiting' };
    if (open.length) record.submissions.push(this.newSubmission(open));
    this.onChange(record, open);
  }

  /** Sends the failed files (or the given ones among them) again as a new submission. */
  retry(key: string, urls?: string[]): number {
    const record = this.records.get(key);
    if (!record) return 0;
    const wanted = urls ? new Set(urls) : undefined;
    const indexes = record.files.flatMap((f, i) => (f.stage === 'failed' && (!wanted || wanted.has(f.url)) ? [i] : []));
    if (indexes.length === 0) return 0;
    for (const i of indexes) record.files[i] = { url: record.files[i]!.url, kind: record.files[i]!.kind, stage: 'waiting' };
    delete record.error;
    delete record.finishedAt;
    delete record.cancelled;
    record.submissions.push(this.newSubmission(indexes));
    this.onChange(record, indexes);
    return indexes.length;
  }

  /** Cancels locally; returns the companion jobs to cancel remotely. */
  cancel(key: string): string[] {
    const record = this.records.get(key);
    if (!record) return [];
    const remote: string[] = [];
    const changed: number[] = [];
    for (const submission of record.submissions) {
      if (submission.state === 'pending') {
        submission.state = 'cancelled';
        changed.push(...this.failFiles(record, submission.files, 'ERR_JOB_CANCELLED', 'The job was cancelled.'));
      } else if ((submission.state === 'sent' || submission.state === 'running') && submission.jobId) {
        submission.cancelRequested = true;
        remote.push(submission.jobId);
      }
    }
    if (remote.length === 0) {
      record.cancelled = true;
      this.finishIfSettled(record);
    }
    this.onChange(record, changed);
    return remote;
  }

  head(record: JobRecord): JobHead {
    return jobHead(record);
  }

  private failFiles(record: JobRecord, indexes: number[], code: string, message: string): number[] {
    const changed: number[] = [];
    for (const i of indexes) {
      const file = record.files[i];
      if (!file || FINAL_STAGES.has(file.stage)) continue;
      file.stage = 'failed';
      file.code = code;
      file.message = message;
      changed.push(i);
    }
    return changed;
  }

  private finishIfSettled(record: JobRecord): void {
    const state = recordState(record);
    if (state !== 'running' && state !== 'waiting') record.finishedAt ??= Date.now();
  }

  private prune(): void {
    const records = this.all();
    for (const record of records.slice(0, Math.max(0, records.length - KEEP_RECORDS))) {
      if (recordState(record) === 'running' || recordState(record) === 'waiting') continue;
      this.records.delete(record.key);
      for (const s of record.submissions) this.received.delete(s.id);
    }
  }
}
