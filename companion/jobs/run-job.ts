// The one job runner. `gleaner run`, `gleaner submit` (through the daemon), `gleaner collect` and the
// WebSocket API all come here: items in, one output per item out (the item plus its result fields),
// a summary at the end.
//
// Items are processed concurrently (bounded, so memory does not grow with the input), and each output
// is reported through onItem as soon as it is complete, tagged with its input index; front ends that
// print in input order (gleaner run) reorder by that index.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import type { ErrorCode } from '../../shared/errors.js';
import { GleanerError, toGleanerError } from '../../shared/errors.js';
import type { FileError, FileInfo, Item } from '../../shared/items.js';
import type { Settings } from '../config/settings.js';
import { silentLogger, type Logger } from '../log.js';
import { createDownloader, type Downloader } from '../pipeline/download/downloader.js';
import { Semaphore } from '../pipeline/download/fair-limiter.js';
import { filesKind } from '../pipeline/files-kind.js';
import { imagesKind } from '../pipeline/images-kind.js';
import { MediaPipeline, type MediaKind } from '../pipeline/media-pipeline.js';
import type { FileProgress, PipelineContext } from '../pipeline/pipeline-context.js';
import { createStore } from '../storage/select-store.js';
import type { Store } from '../storage/store.js';
import { JobTally } from './job-tally.js';

export type { FileProgress, FileStage } from '../pipeline/pipeline-context.js';

export type JobInput = { item: Item } | { invalid: { line: number; code: ErrorCode; message: string } };

export interface JobSummary {
  items: number;
  invalid: number;
  files: { downloaded: number; uptodate: number; cached: number; failed: number };
  bytes: number;
  seconds: number;
  cancelled: boolean;
}

export interface RunJobOptions {
  settings: Settings;
  /** Share one downloader between jobs so the global and per-host limits are shared (fairly). */
  downloader?: Downloader;
  /** Stable id for logs and fairness; random when absent. */
  jobId?: string;
  signal?: AbortSignal;
  onProgress?: (event: FileProgress) => void;
  /** Each item's output as soon as it is complete (any order), exactly what `gleaner run` prints. */
  onItem?: (index: number, output: Record<string, unknown>) => void;
  logger?: Logger;
}

interface OpenPipelines {
  pipelines: MediaPipeline[];
  stores: Store[];
}

/** Opens the stores of the enabled pipelines (Files when FILES_STORE is set, Images when IMAGES_STORE is). */
async function openPipelines(settings: Settings, ctx: PipelineContext, logger: Logger): Promise<OpenPipelines> {
  const wanted: Array<{ uri: string | undefined; kind: MediaKind }> = [
    { uri: settings.FILES_STORE, kind: filesKind(settings) },
    { uri: settings.IMAGES_STORE, kind: imagesKind(settings) },
  ];
  if (!wanted.some((w) => w.uri)) {
    throw new GleanerError('ERR_CONFIG_NO_PIPELINE', 'Set FILES_STORE and/or IMAGES_STORE (or --files-store / --images-store) to enable a pipeline');
  }
  const opened: OpenPipelines = { pipelines: [], stores: [] };
  try {
    for (const { uri, kind } of wanted) {
      if (!uri) continue;
      const store = await createStore(uri, { pipeline: kind.name, settings, logger });
      opened.stores.push(store);
      await store.open();
      opened.pipelines.push(new MediaPipeline(kind, store, ctx));
    }
  } catch (error) {
    await Promise.allSettled(opened.stores.map((s) => s.close()));
    throw error;
  }
  return opened;
}

export async function runJob(inputs: Iterable<JobInput> | AsyncIterable<JobInput>, options: RunJobOptions): Promise<JobSummary> {
  const started = performance.now();
  const { settings, signal } = options;
  const logger = options.logger ?? silentLogger;
  const jobId = options.jobId ?? randomUUID();
  const downloader = options.downloader ?? createDownloader(settings);
  const tally = new JobTally();
  // Every download in flight listens for the job's cancel signal; that is expected, not a leak.
  if (signal) setMaxListeners(0, signal);
  const ctx: PipelineContext = {
    jobId,
    settings,
    downloader,
    logger,
    cpuWork: new Semaphore(os.availableParallelism()),
    ...(signal ? { signal } : {}),
    fetchOptions: {
      allowRedirects: settings.MEDIA_ALLOW_REDIRECTS,
      maxRedirects: settings.REDIRECT_MAX_TIMES,
      maxSize: settings.DOWNLOAD_MAXSIZE,
      retry: {
        enabled: settings.RETRY_ENABLED,
        times: settings.RETRY_TIMES,
        httpCodes: new Set(settings.RETRY_HTTP_CODES),
        backoffBaseSeconds: settings.RETRY_BACKOFF_BASE,
        backoffMaxSeconds: settings.RETRY_BACKOFF_MAX,
      },
      stagingDir: path.join(os.tmpdir(), 'gleaner-staging'),
      fairnessKey: jobId,
      ...(signal ? { signal } : {}),
    },
    progress: (event) => options.onProgress?.(event),
    countBytes: (bytes) => tally.addBytes(bytes),
  };
  let opened: OpenPipelines | undefined;
  try {
    opened = await openPipelines(settings, ctx, logger);
    // Stage downloads next to the store when it is a local folder, so storing is a link, not a copy.
    const staging = opened.stores.find((s) => s.stagingDir)?.stagingDir;
    if (staging) (ctx.fetchOptions as { stagingDir: string }).stagingDir = staging;
    const { pipelines } = opened;
    logger.info({ job: jobId, stores: opened.stores.map((s) => s.displayUri) }, 'Job started');

    const handle = async (input: JobInput, index: number): Promise<void> => {
      if ('invalid' in input) {
        tally.invalidLine();
        options.onItem?.(index, { _error: input.invalid });
        return;
      }
      const output = await processItem(input.item, index, pipelines);
      tally.item(output, pipelines);
      options.onItem?.(index, output);
    };

    const maxInFlight = Math.max(8, settings.CONCURRENT_REQUESTS * 4);
    const inFlight = new Set<Promise<void>>();
    let index = 0;
    try {
      for await (const input of inputs) {
        if (signal?.aborted) break;
        const task = handle(input, index++).finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      }
    } finally {
      // Even when reading the input fails, items already started finish and are reported.
      await Promise.allSettled(inFlight);
    }
  } finally {
    if (opened) await Promise.allSettled(opened.stores.map((s) => s.close()));
    if (!options.downloader) await downloader.close();
  }
  const summary = tally.summary((performance.now() - started) / 1000, Boolean(signal?.aborted));
  logger.info({ job: jobId, ...summary }, 'Job finished');
  return summary;
}

/** Runs every enabled pipeline on one item; the output keeps the item's fields and adds the results. */
async function processItem(item: Item, index: number, pipelines: MediaPipeline[]): Promise<Record<string, unknown>> {
  const results = await Promise.all(
    pipelines.map((p) =>
      p.processItem(item, index).catch((error: unknown) => {
        const failure = toGleanerError(error);
        return { results: [] as FileInfo[], errors: [{ url: '', code: failure.code, message: failure.message }] as FileError[] };
      }),
    ),
  );
  const output: Record<string, unknown> = { ...item };
  pipelines.forEach((pipeline, i) => {
    const field = pipeline.kind.resultField;
    output[field] = results[i]!.results;
    output[`${field}_errors`] = results[i]!.errors;
  });
  return output;
}
