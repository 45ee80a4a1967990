// Counts a daemon job's outcome from its item outputs, the way the runner's JobTally does, so a job
// resumed after a crash can report the whole job (items journaled before the crash and after) and a
// job that ends without the runner's summary (failed, cancelled while queued) still gets one.
import type { JobSummary } from '../../shared/protocol/common.js';
import type { Settings } from '../config/settings.js';

type FileCounts = JobSummary['files'];

export class ResultTally {
  items = 0;
  invalid = 0;
  readonly files: FileCounts = { downloaded: 0, uptodate: 0, cached: 0, failed: 0 };
  private readonly fields: string[];

  constructor(settings: Settings) {
    // The result fields of the enabled pipelines (an empty store turns a pipeline off).
    this.fields = [
      ...(settings.FILES_STORE ? [settings.FILES_RESULT_FIELD] : []),
      ...(settings.IMAGES_STORE ? [settings.IMAGES_RESULT_FIELD] : []),
    ];
  }

  add(output: Record<string, unknown>): void {
    if ('_error' in output && !this.fields.some((field) => field in output)) {
      this.invalid++;
      return;
    }
    this.items++;
    for (const field of this.fields) {
      for (const info of asArray(output[field])) {
        const status = (info as { status?: unknown } | null)?.status;
        if (status === 'downloaded' || status === 'uptodate' || status === 'cached') this.files[status]++;
      }
      this.files.failed += asArray(output[`${field}_errors`]).length;
    }
  }

  /** Files with a final outcome so far (for a resumed job's running counts). */
  get finishedFiles(): number {
    return this.files.downloaded + this.files.uptodate + this.files.cached + this.files.failed;
  }

  summary(bytes: number, seconds: number, cancelled: boolean): JobSummary {
    return { items: this.items, invalid: this.invalid, files: { ...this.files }, bytes, seconds: Math.round(seconds * 1000) / 1000, cancelled };
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
