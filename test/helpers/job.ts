// Runs a job in-process and returns outputs in input order, for pipeline tests.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveSettings, type SettingsLayer } from '../../companion/config/settings.js';
import { runJob, type FileProgress, type JobInput, type JobSummary } from '../../companion/jobs/run-job.js';

export interface JobRun {
  outputs: Array<Record<string, unknown>>;
  summary: JobSummary;
  progress: FileProgress[];
}

/** Fast retries for tests: the rules are the same, the waits are short. */
export const FAST_RETRIES: SettingsLayer = { RETRY_BACKOFF_BASE: 0.01 };

export async function runItems(items: Array<Record<string, unknown> | JobInput>, layer: SettingsLayer): Promise<JobRun> {
  const inputs: JobInput[] = items.map((i) => ('item' in i || 'invalid' in i ? (i as JobInput) : { item: i }));
  const outputs: Array<Record<string, unknown>> = [];
  const progress: FileProgress[] = [];
  const summary = await runJob(inputs, {
    settings: resolveSettings(FAST_RETRIES, layer),
    onItem: (index, output) => (outputs[index] = output),
    onProgress: (event) => progress.push(event),
  });
  return { outputs, summary, progress };
}

export async function tempDir(t: { after(fn: () => Promise<void>): void }, prefix = 'gleaner-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

export function md5(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * Temporary files left anywhere under a store: partly received or staged bodies (`.download`, in the
 * staging folder) and bodies received in place (`<name>.<hex>.part`, next to their final name).
 */
export async function leftoverTemporaries(store: string): Promise<string[]> {
  const entries = await readdir(store, { recursive: true }).catch(() => [] as string[]);
  return entries.filter((name) => name.endsWith('.download') || name.endsWith('.part')).sort();
}
