// Every job of the daemon: a FIFO of queued jobs, at most `maxRunningJobs` running at once on the one
// shared downloader (whose fair limiter serves running jobs round-robin, so several clients share the
// global and per-host limits fairly), and the most recent finished jobs kept for job.get / job.list.
// The runner is injected: the daemon passes the real `runJob`, which this file never reimplements.
import { randomUUID } from 'node:crypto';
import { GleanerError, toGleanerError } from '../../shared/errors.js';
import type { JobOptions } from '../../shared/protocol/common.js';
import type { Settings, SettingsLayer } from '../config/settings.js';
import type { Target } from '../daemon/targets.js';
import type { JobInput, RunJobOptions, JobSummary } from '../jobs/run-job.js';
import type { Logger } from '../log.js';
import { JobRecord, type JobFollower } from './job-record.js';
import { jobSettings } from './job-settings.js';
import type { Limits } from './limits.js';

export type RunJobFn = (inputs: Iterable<JobInput> | AsyncIterable<JobInput>, options: RunJobOptions) => Promise<JobSummary>;

export interface JobRegistryOptions {
  limits: Limits;
  targets: ReadonlyMap<string, Target>;
  /** The daemon's settings layers, below each target's. */
  daemonLayers: readonly SettingsLayer[];
  runJob: () => Promise<RunJobFn>;
  downloader: RunJobOptions['downloader'];
  logger: Logger;
}

export interface SubmitRequest {
  ownerId: string;
  /** Admins see every job; other clients only their own. */
  items: unknown[];
  target?: string | undefined;
  options?: JobOptions | undefined;
  label?: string | undefined;
}

/** Turns wire items into runner inputs; a non-object becomes an invalid input, as a bad line does in `gleaner run`. */
export function toJobInputs(items: unknown[]): JobInput[] {
  return items.map((value, i) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? { item: value as Record<string, unknown> }
      : { invalid: { line: i + 1, code: 'ERR_INPUT_NOT_OBJECT', message: `Item ${i} is not a JSON object` } },
  );
}

export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly queue: JobRecord[] = [];
  private readonly running = new Map<JobRecord, Promise<void>>();
  private readonly finishedOrder: JobRecord[] = [];
  private accepting = true;

  constructor(private readonly options: JobRegistryOptions) {}

  /** Validates and queues a job; throws a GleanerError (ERR_JOB_*) when it cannot be accepted. */
  submit(request: SubmitRequest, follower?: JobFollower): JobRecord {
    const { limits } = this.options;
    if (!this.accepting) throw new GleanerError('ERR_PROTOCOL_SHUTTING_DOWN');
    if (request.items.length > limits.maxItemsPerJob) {
      throw new GleanerError('ERR_JOB_TOO_MANY_ITEMS', `The job has ${request.items.length} items; the limit is ${limits.maxItemsPerJob} (split it into several jobs)`);
    }
    if (this.queue.length + this.running.size >= limits.maxQueuedJobs) {
      throw new GleanerError('ERR_JOB_QUEUE_FULL', `${limits.maxQueuedJobs} jobs are already queued or running; wait for some to finish`);
    }
    const targetName = request.target ?? 'default';
    const target = this.options.targets.get(targetName);
    if (!target) throw new GleanerError('ERR_JOB_UNKNOWN_TARGET', `No storage target is named "${targetName}"`);
    const settings: Settings = jobSettings(this.options.daemonLayers, target, request.options);
    const record = new JobRecord({
      id: `j_${randomUUID()}`,
      ownerId: request.ownerId,
      target: targetName,
      label: request.label,
      inputs: toJobInputs(request.items),
      settings,
      progressIntervalMs: limits.progressIntervalMs,
      progressMaxFiles: limits.progressMaxFiles,
    });
    if (follower) record.followers.add(follower);
    this.jobs.set(record.id, record);
    this.queue.push(record);
    this.options.logger.info({ job: record.id, client: request.ownerId, target: targetName, items: record.itemCount }, 'Job accepted');
    // Starting is safe here: the runner's first event comes after an await, so the caller's
    // job.accepted (sent in this same turn) always precedes it, and can say "running" or "queued".
    this.pump();
    return record;
  }

  /** The job if `clientId` may see it (its owner, or an admin). */
  get(jobId: string, clientId: string, admin = false): JobRecord | undefined {
    const job = this.jobs.get(jobId);
    return job && (admin || job.ownerId === clientId) ? job : undefined;
  }

  list(clientId: string, admin = false): JobRecord[] {
    return [...this.jobs.values()].filter((job) => admin || job.ownerId === clientId).sort((a, b) => b.createdAt - a.createdAt);
  }

  cancel(job: JobRecord, reason = 'Cancelled by the client'): void {
    if (job.finished) return;
    const queued = this.queue.indexOf(job);
    if (queued !== -1) {
      this.queue.splice(queued, 1);
      this.complete(job, 'cancelled', job.partialSummary(true));
      return;
    }
    if (!job.abort.signal.aborted) {
      this.options.logger.info({ job: job.id }, reason);
      job.abort.abort(new GleanerError('ERR_JOB_CANCELLED', reason));
    }
  }

  /** Removes a follower (a closed connection) from every job. */
  unfollowAll(follower: JobFollower): void {
    for (const job of this.jobs.values()) job.followers.delete(follower);
  }

  get counts(): { queued: number; running: number; kept: number } {
    return { queued: this.queue.length, running: this.running.size, kept: this.jobs.size };
  }

  /**
   * Graceful stop: refuse new jobs, drop queued ones, let running files finish for up to `graceMs`,
   * then cancel what is left and wait for the runner to wind down (stores closed, job.done sent).
   */
  async shutdown(graceMs: number): Promise<void> {
    this.accepting = false;
    for (const job of [...this.queue]) this.cancel(job, 'Cancelled: the companion is shutting down');
    const allSettled = (): Promise<unknown> => Promise.allSettled([...this.running.values()]);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([allSettled().then(() => 'settled' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      for (const job of this.running.keys()) this.cancel(job, 'Cancelled: the companion is shutting down');
      await allSettled();
    }
  }

  private pump(): void {
    while (this.running.size < this.options.limits.maxRunningJobs && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running.set(job, this.start(job));
    }
  }

  private async start(job: JobRecord): Promise<void> {
    job.state = 'running';
    job.startedAt = Date.now();
    const inputs = job.inputs ?? [];
    job.inputs = undefined;
    // The runner tags its own lines with the job id.
    const logger = this.options.logger;
    try {
      const runJob = await this.options.runJob();
      const summary = await runJob(inputs, {
        settings: job.settings,
        jobId: job.id,
        ...(this.options.downloader ? { downloader: this.options.downloader } : {}),
        signal: job.abort.signal,
        onProgress: (event) => job.onProgress(event),
        onItem: (index, output) => job.onItem(index, output),
        logger,
      });
      const cancelled = summary.cancelled || job.abort.signal.aborted;
      this.complete(job, cancelled ? 'cancelled' : 'done', { ...summary, cancelled });
    } catch (error) {
      const failure = toGleanerError(error);
      if (job.abort.signal.aborted) {
        this.complete(job, 'cancelled', job.partialSummary(true));
      } else {
        logger.error({ job: job.id, code: failure.code, err: failure.message }, 'Job failed');
        this.complete(job, 'failed', job.partialSummary(false), { code: failure.code, message: failure.message });
      }
    } finally {
      this.running.delete(job);
      this.pump();
    }
  }

  private complete(job: JobRecord, state: 'done' | 'cancelled' | 'failed', summary: JobSummary, error?: { code: GleanerError['code']; message: string }): void {
    job.finish(state, summary, error);
    this.options.logger.info({ job: job.id, client: job.ownerId, state }, 'Job ended');
    this.finishedOrder.push(job);
    while (this.finishedOrder.length > this.options.limits.keepFinishedJobs) {
      const old = this.finishedOrder.shift()!;
      this.jobs.delete(old.id);
    }
  }
}
