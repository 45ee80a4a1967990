// What every stage of a job shares: the resolved settings, the shared downloader and its per-job fetch
// options, the cancel signal, the logger, the progress sink and the CPU-work limiter.
import type { ErrorCode } from '../../shared/errors.js';
import type { Logger } from '../log.js';
import type { Settings } from '../config/settings.js';
import type { Downloader, FetchOptions } from './download/downloader.js';
import type { Semaphore } from './download/fair-limiter.js';

export type FileStage = 'queued' | 'downloading' | 'processing' | 'stored' | 'uptodate' | 'cached' | 'failed';

/** One step of one file through the pipeline; `index` is the item's position in the job's input. */
export interface FileProgress {
  index: number;
  pipeline: 'files' | 'images';
  url: string;
  stage: FileStage;
  bytes?: number;
  total?: number | null;
  path?: string;
  code?: ErrorCode;
  message?: string;
}

export interface PipelineContext {
  readonly jobId: string;
  readonly settings: Settings;
  readonly downloader: Downloader;
  /** Everything the downloader needs per request except the headers and the progress callback. */
  readonly fetchOptions: Omit<FetchOptions, 'headers' | 'onProgress'>;
  readonly signal?: AbortSignal;
  readonly logger: Logger;
  /** Bounds concurrent image decoding/encoding to the number of cores. */
  readonly cpuWork: Semaphore;
  progress(event: FileProgress): void;
  countBytes(bytes: number): void;
}
