// Every job of the daemon: a FIFO of queued jobs, at most `maxRunningJobs` running at once on the one
// shared downloader (whose fair limiter serves running jobs round-robin, so several clients share the
// global and per-host limits fairly), and the most recent finished jobs kept for job.get / job.list.
// The runner is injected: the daemon passes the real `runJob`, which this file never reimplements.
//
// Jobs are durable (job-files.ts): saved before they are acknowledged, each finished item journaled,
// and reloaded by `restore` when the daemon starts again — unfinished ones queued again under the same
// id and owner, running only the items the journal does not hold.
import { randomUUID } from 'node:crypto';
import { GleanerError, toGleanerError } from '../../shared/errors.js';
import type { CodedError, JobOptions } from '../../shared/protocol/common.js';
import type { SettingsLayer } from '../config/settings.js';
import type { Target } from '../daemon/targets.js';
import type { JobInput, RunJobOptions, JobSummary } from '../jobs/run-job.js';
import type { Logger } from '../log.js';
import { JobFiles } from './job-files.js';
import { JobRecord, type JobFollower } from './job-record.js';
import { restoreRecords } from './job-restore.js';
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
  /** Where jobs are saved (`<data>/jobs`). */
  jobsDir: string;
}

export interface SubmitRequest {
  ownerId: string;
  items: unknown[];
  target?: string | undefined;
  options?: JobOptions | undefined;
  label?: string | undefined;
}

type EndState = 'done' | 'cancelled' | 'failed';

export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly queue: JobRecord[] = [];
  private readonly running = new Map<JobRecord, Promise<void>>();
  private readonly finishedOrder: JobRecord[] = [];
  /** Each finished job's final-state save (its folder is removed only after it). */
  private readonly saves = new WeakMap<JobRecord, Promise<void>>();
  /** Disk work still under way (saves, removals): shutdown waits for it. */
  private readonly diskWork = new Set<Promise<unknown>>();
  private persisting = 0;
  private accepting = true;

  constructor(private readonly options: JobRegistryOptions) {}

  /**
   * Validates, saves and queues a job; throws a GleanerError when it cannot be accepted. `accepted` is
   * called once the job is on disk and queued, in the same turn as it may start, so a `job.accepted`
   * sent from it precedes every event of the job.
   */
  async submit(request: SubmitRequest, follower?: JobFollower, accepted?: (job: JobRecord) => void): Promise<JobRecord> {
    const { limits } = this.options;
    if (!this.accepting) throw new GleanerError('ERR_PROTOCOL_SHUTTING_DOWN');
    if (request.items.length > limits.maxItemsPerJob) {
      throw new GleanerError('ERR_JOB_TOO_MANY_ITEMS', `The job has ${request.items.length} items; the limit is ${limits.maxItemsPerJob} (split it into several jobs)`);
    }
    if (this.queue.length + this.running.size + this.persisting >= limits.maxQueuedJobs) {
      throw new GleanerError('ERR_JOB_QUEUE_FULL', `${limits.maxQueuedJobs} jobs are already queued or running; wait for some to finish`);
    }
    const targetName = request.target ?? 'default';
    const target = this.options.targets.get(targetName);
    if (!target) throw new GleanerError('ERR_JOB_UNKNOWN_TARGET', `No storage target is named "${targetName}"`);
    const settings = jobSettings(this.options.daemonLayers, target, request.options);
    const id = `j_${randomUUID()}`;
    const createdAt = Date.now();
    this.persisting++;
    let disk: JobFiles;
    try {
      disk = await JobFiles.create(this.options.jobsDir, {
        version: 1,
        id,
        owner: request.ownerId,
        target: targetName,
        ...(request.options ? { options: request.options } : {}),
        ...(request.label !== undefined ? { label: request.label } : {}),
        createdAt,
        items: request.items.length,
      }, request.items);
    } catch (error) {
      this.options.logger.error({ job: id, err: (error as Error).message }, 'Cannot save a job; refused');
      throw error;
    } finally {
      this.persisting--;
    }
    if (!this.accepting) {
      await disk.remove().catch(() => {});
      throw new GleanerError('ERR_PROTOCOL_SHUTTING_DOWN');
    }
    const record = this.newRecord(disk, settings);
    if (follower) record.followers.add(follower);
    this.jobs.set(record.id, record);
    this.queue.push(record);
    this.options.logger.info({ job: record.id, client: request.ownerId, target: targetName, items: record.itemCount }, 'Job accepted');
    this.pump();
    accepted?.(record);
    return record;
  }

  /** Loads the jobs saved by an earlier run: finished ones for job.get, unfinished ones queued again. */
  async restore(activeOwners: ReadonlySet<string>): Promise<{ resumed: number; finished: number }> {
    const { limits, logger } = this.options;
    const restored = await restoreRecords({
      jobsDir: this.options.jobsDir,
      targets: this.options.targets,
      daemonLayers: this.options.daemonLayers,
      activeOwners,
      keepFinished: limits.keepFinishedJobs,
      logger,
      newRecord: (disk, settings) => this.newRecord(disk, settings),
    });
    for (const record of restored.finished) {
      this.jobs.set(record.id, record);
      this.finishedOrder.push(record);
    }
    for (const { record, end } of restored.ended) {
      this.jobs.set(record.id, record);
      await this.complete(record, end.state, record.tallySummary(end.state === 'cancelled'), end.error);
    }
    for (const record of restored.unfinished) {
      this.jobs.set(record.id, record);
      this.queue.push(record);
      logger.info({ job: record.id, client: record.ownerId, items: record.itemCount, journaled: record.resumedItems }, 'Job resumed');
    }
    this.pump();
    return { resumed: restored.unfinished.length, finished: this.finishedOrder.length };
  }

  /** The job if `clientId` may see it (its owner, or an admin). */
  get(jobId: string, clientId: string, admin = false): JobRecord | undefined {
    const job = this.jobs.get(jobId);
    return job && (admin || job.ownerId === clientId) ? job : undefined;
  }

  list(clientId: string, admin = false): JobRecord[] {
    return [...this.jobs.values()].filter((job) => admin || job.ownerId === clientId).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Cancels a job. The request is saved first, so a crash right after cannot bring the job back. */
  async cancel(job: JobRecord, reason = 'Cancelled by the client'): Promise<void> {
    if (job.finished) return;
    await job.disk.requestCancel().catch((error: unknown) => {
      this.options.logger.error({ job: job.id, err: (error as Error).message }, 'Cannot save a cancel request');
    });
    if (job.finished) return;
    const queued = this.queue.indexOf(job);
    if (queued !== -1) {
      this.queue.splice(queued, 1);
      await this.complete(job, 'cancelled', job.tallySummary(true));
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
   * then cancel what is left and wait for the runner to wind down (stores closed, job.done sent, final
   * states saved). Jobs stopped this way end as cancelled and are not resumed: their clients were told.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.accepting = false;
    const reason = 'Cancelled: the companion is shutting down';
    await Promise.all([...this.queue].map((job) => this.cancel(job, reason)));
    const allSettled = (): Promise<unknown> => Promise.allSettled([...this.running.values()]);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([allSettled().then(() => 'settled' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      await Promise.all([...this.running.keys()].map((job) => this.cancel(job, reason)));
      await allSettled();
    }
    await Promise.allSettled([...this.diskWork]);
  }

  private newRecord(disk: JobFiles, settings: JobRecord['settings']): JobRecord {
    const { meta } = disk;
    return new JobRecord({
      id: meta.id,
      ownerId: meta.owner,
      target: meta.target,
      label: meta.label,
      itemCount: meta.items,
      disk,
      settings,
      createdAt: meta.createdAt,
      progressIntervalMs: this.options.limits.progressIntervalMs,
      progressMaxFiles: this.options.limits.progressMaxFiles,
    });
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
    // The runner tags its own lines with the job id.
    const logger = this.options.logger;
    try {
      const run = await job.disk.startRun();
      const runJob = await this.options.runJob();
      const summary = await runJob(run.inputs, {
        settings: job.settings,
        jobId: job.id,
        ...(this.options.downloader ? { downloader: this.options.downloader } : {}),
        signal: job.abort.signal,
        // The runner numbers only the inputs it was given; a resumed job's progress and results use the item's own index.
        onProgress: (event) => job.onProgress(job.resumedItems ? { ...event, index: run.itemIndex(event.index) } : event),
        onItem: (index, output) => job.onItem(run.itemIndex(index), output),
        logger,
      });
      await this.endRun(job);
      const stop = job.stopError();
      if (stop) throw stop;
      const cancelled = summary.cancelled || job.abort.signal.aborted;
      // A resumed job's runner saw only part of it: count the whole job from its results.
      const whole = job.resumedItems ? { ...job.tallySummary(cancelled, summary.bytes), seconds: summary.seconds } : { ...summary, cancelled };
      await this.complete(job, cancelled ? 'cancelled' : 'done', whole);
    } catch (error) {
      await this.endRun(job);
      const stop = job.stopError();
      const failure = stop ?? toGleanerError(error);
      if (job.abort.signal.aborted && !stop) {
        await this.complete(job, 'cancelled', job.tallySummary(true));
      } else {
        logger.error({ job: job.id, code: failure.code, err: failure.message }, 'Job failed');
        await this.complete(job, 'failed', job.tallySummary(false), { code: failure.code, message: failure.message });
      }
    } finally {
      this.running.delete(job);
      this.pump();
    }
  }

  /** Waits for the last results to be journaled, then closes (and fsyncs) the journal. */
  private async endRun(job: JobRecord): Promise<void> {
    await job.itemsSettled();
    await job.disk.endRun().catch((error: unknown) => {
      this.options.logger.error({ job: job.id, err: (error as Error).message }, 'Cannot close the job journal');
    });
  }

  /**
   * Ends a job: its final state saved first, so a client told the job is done can rely on the disk
   * (and a crash in between resumes nothing), then job.done to its followers; the oldest finished jobs
   * beyond the limit are deleted.
   */
  private async complete(job: JobRecord, state: EndState, summary: JobSummary, error?: CodedError): Promise<void> {
    const saved = job.disk
      .finish({
        state,
        summary,
        ...(error ? { error } : {}),
        counts: job.counts(),
        ...(job.startedAt !== undefined ? { startedAt: job.startedAt } : {}),
        finishedAt: job.finishedAt ?? Date.now(),
      })
      .catch((failure: unknown) => {
        this.options.logger.error({ job: job.id, err: (failure as Error).message }, 'Cannot save the final state of a job');
      });
    this.saves.set(job, saved);
    this.track(saved);
    await saved;
    job.finish(state, summary, error);
    this.options.logger.info({ job: job.id, client: job.ownerId, state }, 'Job ended');
    this.finishedOrder.push(job);
    while (this.finishedOrder.length > this.options.limits.keepFinishedJobs) {
      const old = this.finishedOrder.shift()!;
      this.jobs.delete(old.id);
      this.forget(old);
    }
  }

  /** Deletes a forgotten job's folder, after its final state is saved (or failed to be). */
  private forget(job: JobRecord): void {
    const removal = (this.saves.get(job) ?? Promise.resolve())
      .then(() => job.disk.remove())
      .catch((error: unknown) => this.options.logger.error({ job: job.id, err: (error as Error).message }, 'Cannot delete a finished job'));
    this.track(removal);
  }

  private track(work: Promise<unknown>): void {
    this.diskWork.add(work);
    void work.finally(() => this.diskWork.delete(work));
  }
}
