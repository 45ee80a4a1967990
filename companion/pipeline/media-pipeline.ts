// The part Files and Images pipelines share (Scrapy's MediaPipeline): turn an item's URL field into
// requests, dedup them by request fingerprint within the job, check the store for an up-to-date copy
// (expiry), download, hand the body to the kind-specific `persist`, and collect results in URL order.
//
// Per media URL: dedup -> stat (expiry) -> download -> persist -> result. A failure is a result too
// (FileError), never an exception: one bad file never fails the item or the job.
import { GleanerError, toGleanerError, type ErrorCode } from '../../shared/errors.js';
import type { FileError, FileInfo, Item } from '../../shared/items.js';
import { requestFingerprint } from '../../shared/url/fingerprint.js';
import { safeUrlString } from '../../shared/url/safe-url.js';
import type { DownloadResult } from './download/downloader.js';
import { isExpired } from './expiry.js';
import type { PipelineContext } from './pipeline-context.js';
import { pythonTypeName, requestHeaders } from './item-fields.js';
import type { Store } from '../storage/store.js';

export type PipelineName = 'files' | 'images';

/** What differs between the Files and Images pipelines. */
export interface MediaKind {
  readonly name: PipelineName;
  readonly urlsField: string;
  readonly resultField: string;
  readonly expiresDays: number;
  /** The path stat'ed for expiry and reported in the result. */
  storePath(requestUrl: string): string;
  /** Bodies up to this many bytes are received into memory; larger ones into a staged file. */
  readonly memoryUpTo: number;
  /** Stores the downloaded body (and derived files); returns the checksum of the stored full file. */
  persist(download: DownloadResult, requestUrl: string, store: Store, ctx: PipelineContext): Promise<{ checksum: string }>;
}

type Outcome = { ok: true; info: FileInfo } | { ok: false; error: FileError };

export interface ItemResults {
  results: FileInfo[];
  errors: FileError[];
}

export class MediaPipeline {
  // One entry per request fingerprint: later requests for the same URL wait for and share the first.
  private readonly cache = new Map<string, Promise<Outcome>>();

  constructor(
    readonly kind: MediaKind,
    readonly store: Store,
    private readonly ctx: PipelineContext,
  ) {}

  async processItem(item: Item, index: number): Promise<ItemResults> {
    const field = this.kind.urlsField;
    const raw = Object.hasOwn(item, field) ? item[field] : [];
    if (!Array.isArray(raw)) {
      const message = `${field} must be a list of URLs, got ${pythonTypeName(raw)}. `;
      return { results: [], errors: [{ url: '', code: 'ERR_INPUT_URLS_NOT_LIST', message }] };
    }
    let headers: Record<string, string>;
    try {
      headers = requestHeaders(item, this.ctx.settings);
    } catch (error) {
      const failure = toGleanerError(error);
      const errors = raw.map((url) => ({ url: String(url), code: failure.code, message: failure.message }));
      return { results: [], errors };
    }
    // Registration in the dedup cache happens synchronously here, in URL order, so "first" is well defined.
    const outcomes = await Promise.all(raw.map((entry) => this.outcomeFor(entry, index, headers)));
    const results: FileInfo[] = [];
    const errors: FileError[] = [];
    for (const outcome of outcomes) {
      if (outcome.ok) results.push(outcome.info);
      else errors.push(outcome.error);
    }
    return { results, errors };
  }

  private outcomeFor(entry: unknown, index: number, headers: Record<string, string>): Promise<Outcome> {
    if (typeof entry !== 'string') {
      return Promise.resolve(failed(String(entry), 'ERR_DOWNLOAD_INVALID_URL', `Request url must be str, got ${pythonTypeName(entry)}`));
    }
    if (!entry.includes(':')) {
      return Promise.resolve(failed(entry, 'ERR_DOWNLOAD_INVALID_URL', `Missing scheme in request url: ${entry}`));
    }
    let requestUrl: string;
    try {
      requestUrl = safeUrlString(entry);
    } catch (error) {
      return Promise.resolve(failed(entry, 'ERR_DOWNLOAD_INVALID_URL', `Cannot parse URL: ${(error as Error).message}`));
    }
    const scheme = requestUrl.slice(0, requestUrl.indexOf(':')).toLowerCase();
    if (scheme !== 'http' && scheme !== 'https' && scheme !== 'data') {
      return Promise.resolve(failed(requestUrl, 'ERR_DOWNLOAD_SCHEME', `Refusing to fetch a ${scheme}: URL: only http, https and data: URLs are fetched`));
    }
    const key = requestFingerprint(requestUrl);
    const first = this.cache.get(key);
    if (first) {
      return first.then((outcome) => {
        if (!outcome.ok) return outcome;
        this.ctx.progress({ index, pipeline: this.kind.name, url: requestUrl, stage: 'cached', path: outcome.info.path });
        return { ok: true, info: { ...outcome.info, status: 'cached' } };
      });
    }
    const pending = this.fetchAndStore(requestUrl, index, headers);
    this.cache.set(key, pending);
    return pending;
  }

  private async fetchAndStore(requestUrl: string, index: number, headers: Record<string, string>): Promise<Outcome> {
    const { ctx, kind, store } = this;
    const base = { index, pipeline: kind.name, url: requestUrl } as const;
    let path: string;
    try {
      path = kind.storePath(requestUrl);
      ctx.progress({ ...base, stage: 'queued', path });
      const stored = await store.stat(path, ctx.signal).catch(() => null);
      if (stored && stored.lastModified && !isExpired(stored.lastModified, kind.expiresDays)) {
        ctx.logger.debug({ job: ctx.jobId, url: requestUrl }, `File (uptodate): Downloaded ${kind.name === 'images' ? 'image' : 'file'}`);
        ctx.progress({ ...base, stage: 'uptodate', path });
        return { ok: true, info: { url: requestUrl, path, checksum: stored.checksum, status: 'uptodate' } };
      }
    } catch (error) {
      return this.report(base, toGleanerError(error, 'ERR_STORE_READ'));
    }
    let download: DownloadResult | undefined;
    try {
      ctx.progress({ ...base, stage: 'downloading', bytes: 0, total: null, path });
      download = await ctx.downloader.fetch(requestUrl, {
        ...ctx.fetchOptions,
        memoryUpTo: kind.memoryUpTo,
        headers,
        onProgress: (bytes, total) => ctx.progress({ ...base, stage: 'downloading', bytes, total, path }),
      });
      const { size } = download.body;
      if (size > ctx.settings.DOWNLOAD_WARNSIZE && ctx.settings.DOWNLOAD_WARNSIZE > 0) {
        ctx.logger.warn({ job: ctx.jobId, url: requestUrl, bytes: size }, 'Large download (over DOWNLOAD_WARNSIZE)');
      }
      ctx.progress({ ...base, stage: 'processing', bytes: size, total: size, path });
      const { checksum } = await kind.persist(download, requestUrl, store, ctx);
      ctx.progress({ ...base, stage: 'stored', bytes: size, total: size, path });
      ctx.countBytes(size);
      return { ok: true, info: { url: requestUrl, path, checksum, status: 'downloaded', content_type: download.contentType } };
    } catch (error) {
      const failure = ctx.signal?.aborted ? new GleanerError('ERR_JOB_CANCELLED', 'The job was cancelled') : toGleanerError(error);
      return this.report(base, failure);
    } finally {
      await download?.body.discard();
    }
  }

  private report(base: { index: number; pipeline: PipelineName; url: string }, error: GleanerError): Outcome {
    const what = this.kind.name === 'images' ? 'image' : 'file';
    this.ctx.logger.warn({ job: this.ctx.jobId, url: base.url, code: error.code }, `Error downloading ${what}: ${error.message}`);
    this.ctx.progress({ ...base, stage: 'failed', code: error.code, message: error.message });
    return failed(base.url, error.code, error.message);
  }
}

function failed(url: string, code: ErrorCode, message: string): Outcome {
  return { ok: false, error: { url, code, message } };
}
