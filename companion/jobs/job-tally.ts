// Counts what a job did, for the summary line and `job.done`.
import type { FileError, FileInfo } from '../../shared/items.js';
import type { MediaPipeline } from '../pipeline/media-pipeline.js';
import type { JobSummary } from './run-job.js';

export class JobTally {
  private items = 0;
  private invalid = 0;
  private bytes = 0;
  private readonly files = { downloaded: 0, uptodate: 0, cached: 0, failed: 0 };

  invalidLine(): void {
    this.invalid++;
  }

  addBytes(bytes: number): void {
    this.bytes += bytes;
  }

  item(output: Record<string, unknown>, pipelines: MediaPipeline[]): void {
    this.items++;
    for (const pipeline of pipelines) {
      const field = pipeline.kind.resultField;
      for (const info of (output[field] as FileInfo[] | undefined) ?? []) this.files[info.status]++;
      this.files.failed += ((output[`${field}_errors`] as FileError[] | undefined) ?? []).length;
    }
  }

  summary(seconds: number, cancelled: boolean): JobSummary {
    return {
      items: this.items,
      invalid: this.invalid,
      files: { ...this.files },
      bytes: this.bytes,
      seconds: Math.round(seconds * 1000) / 1000,
      cancelled,
    };
  }
}
