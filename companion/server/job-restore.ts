// What the daemon finds in `<data>/jobs` when it starts, sorted into what to do with it:
// - a folder without a readable job.json: a submission that never completed (it was not acknowledged),
//   deleted;
// - finished jobs: the newest `keepFinished` kept for job.get / job.list, older ones deleted;
// - unfinished jobs: queued again, same id and owner, counts seeded from their journal — unless a
//   cancel was requested (they end as cancelled), their target is gone or their options no longer
//   resolve (they end as failed), their owner was revoked (cancelled), or they were already resumed
//   MAX_RESUMES times without finishing: a job whose input crashes the daemon must not do so forever.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { GleanerError } from '../../shared/errors.js';
import type { CodedError } from '../../shared/protocol/common.js';
import { resolveSettings, type Settings, type SettingsLayer } from '../config/settings.js';
import type { Target } from '../daemon/targets.js';
import type { Logger } from '../log.js';
import { JobFiles } from './job-files.js';
import type { JobRecord } from './job-record.js';
import { jobSettings } from './job-settings.js';

export interface RestoreOptions {
  jobsDir: string;
  targets: ReadonlyMap<string, Target>;
  daemonLayers: readonly SettingsLayer[];
  activeOwners: ReadonlySet<string>;
  keepFinished: number;
  logger: Logger;
  newRecord(disk: JobFiles, settings: Settings): JobRecord;
}

export interface RestoredJobs {
  /** Finished before the restart, oldest first. */
  finished: JobRecord[];
  /** Unfinished, but to be ended now rather than run. */
  ended: Array<{ record: JobRecord; end: { state: 'cancelled' | 'failed'; error?: CodedError } }>;
  /** To run again, oldest first. */
  unfinished: JobRecord[];
}

const PAGE = 1000;
export const MAX_RESUMES = 3;

async function listFolders(root: string): Promise<string[]> {
  try {
    return (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => path.join(root, entry.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function restoreRecords(options: RestoreOptions): Promise<RestoredJobs> {
  const { logger } = options;
  const finished: JobFiles[] = [];
  const unfinished: JobFiles[] = [];
  for (const dir of await listFolders(options.jobsDir)) {
    const disk = await JobFiles.load(dir);
    if (!disk) {
      logger.warn({ dir }, 'Deleting an incomplete job submission');
      await rm(dir, { recursive: true, force: true });
      continue;
    }
    (disk.meta.final ? finished : unfinished).push(disk);
  }
  finished.sort((a, b) => a.meta.final!.finishedAt - b.meta.final!.finishedAt);
  unfinished.sort((a, b) => a.meta.createdAt - b.meta.createdAt);
  const result: RestoredJobs = { finished: [], ended: [], unfinished: [] };

  // Retention as while running: the newest finished jobs are kept (unfinished ones that end now are
  // added by the registry, which applies the same limit).
  const dropped = finished.splice(0, Math.max(0, finished.length - options.keepFinished));
  for (const disk of dropped) await disk.remove();

  for (const disk of finished) {
    await disk.dropInputs();
    const record = options.newRecord(disk, settingsOf(options, disk).settings);
    record.restoreFinal(disk.meta.final!);
    result.finished.push(record);
  }
  for (const disk of unfinished) {
    const { settings, error } = settingsOf(options, disk);
    const record = options.newRecord(disk, settings);
    // Seed the counts with what was done before the restart, a page at a time.
    for (let from = 0; from < disk.resultCount; from += PAGE) {
      for (const result of await disk.readResults(from, from + PAGE)) record.restoreItem(result.item);
    }
    record.restoreCounts();
    if (disk.meta.cancelRequested) {
      result.ended.push({ record, end: { state: 'cancelled' } });
    } else if (error) {
      result.ended.push({ record, end: { state: 'failed', error: { code: error.code, message: error.message } } });
    } else if (!options.activeOwners.has(disk.meta.owner)) {
      result.ended.push({ record, end: { state: 'cancelled', error: { code: 'ERR_JOB_CANCELLED', message: 'Cancelled: its client was revoked while the companion was stopped' } } });
    } else if ((await disk.countResume().catch(() => 0)) > MAX_RESUMES) {
      const message = `The companion stopped ${MAX_RESUMES + 1} times while running this job; it is not resumed again`;
      result.ended.push({ record, end: { state: 'failed', error: { code: 'ERR_JOB_INTERNAL', message } } });
    } else {
      result.unfinished.push(record);
    }
  }
  return result;
}

/** The job's settings as they resolve now; a target that is gone or options that no longer resolve are the job's error. */
function settingsOf(options: RestoreOptions, disk: JobFiles): { settings: Settings; error?: GleanerError } {
  const target = options.targets.get(disk.meta.target);
  try {
    if (!target) throw new GleanerError('ERR_JOB_UNKNOWN_TARGET', `The storage target "${disk.meta.target}" is no longer configured`);
    return { settings: jobSettings(options.daemonLayers, target, disk.meta.options) };
  } catch (error) {
    const failure = error instanceof GleanerError ? error : new GleanerError('ERR_JOB_INVALID_OPTIONS', (error as Error).message);
    return { settings: resolveSettings(...options.daemonLayers), error: failure };
  }
}
