// Downloads media bodies with undici into a file (written and MD5-hashed on the body-writer threads) or,
// for small images, into memory; memory stays bounded whatever the file size. One Downloader is shared
// by every job of a process: it owns the connection pool, the body writers and the global/per-host
// limits (FairLimiter).
//
// The rules are Scrapy's media rules (only 200 succeeds, an empty body fails, 3xx fails unless
// redirects are allowed) plus Gleaner's differences: redirects followed by default, retries with
// backoff and Retry-After, a size limit enforced while streaming, only http(s) and data: fetched.
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { GleanerError } from '../../../shared/errors.js';
import type { Settings } from '../../config/settings.js';
import { BodyWriterPool } from './body-writer.js';
import { decodeDataUrl } from './data-url.js';
import { get } from './exchange.js';
import { FairLimiter } from './fair-limiter.js';
import { HostPoliteness, type PolitenessSettings } from './host-politeness.js';
import { toDownloadError } from './network-errors.js';
import { receiveBody, receiveBuffer, tooLarge, type ReceivedBody } from './receive-body.js';
import { isRetryableError, parseRetryAfter, retryDelayMs, sleep, type RetryPolicy } from './retry-policy.js';

export interface FetchOptions {
  /** Request headers (User-Agent, Referer, the item's headers). */
  headers: Readonly<Record<string, string>>;
  allowRedirects: boolean;
  maxRedirects: number;
  /** Largest body in bytes; 0 means no limit. */
  maxSize: number;
  retry: RetryPolicy;
  /** Where a temporary body file goes (the store's staging folder when it has one). */
  stagingDir: string;
  /** Keep bodies of at most this many bytes in memory (images, decoded from memory). */
  memoryUpTo?: number;
  /** Requests with the same key are one job; jobs are served round-robin. */
  fairnessKey: string;
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number | null) => void;
}

export interface DownloadResult {
  /** The body, in a file or in memory; call `body.discard()` when done. */
  body: ReceivedBody;
  contentType: string | null;
  /** The URL the body finally came from (after redirects). */
  finalUrl: string;
  /** How many attempts it took (1 = no retry). */
  attempts: number;
}

export interface DownloaderLimits {
  concurrency: number;
  perHost: number;
  connectTimeoutMs: number;
  /** Time allowed for response headers and between body chunks. */
  idleTimeoutMs: number;
  politeness: PolitenessSettings;
  /** Host name resolution; tests inject a resolver that fails, so no test depends on real DNS. */
  lookup?: LookupFunction;
}



export function downloaderLimits(settings: Settings): DownloaderLimits {
  return {
    concurrency: settings.CONCURRENT_REQUESTS,
    perHost: settings.CONCURRENT_REQUESTS_PER_DOMAIN,
    connectTimeoutMs: settings.DOWNLOAD_CONNECT_TIMEOUT * 1000,
    idleTimeoutMs: settings.DOWNLOAD_TIMEOUT * 1000,
    politeness: {
      autothrottle: settings.AUTOTHROTTLE_ENABLED,
      startDelayMs: settings.AUTOTHROTTLE_START_DELAY * 1000,
      maxDelayMs: settings.AUTOTHROTTLE_MAX_DELAY * 1000,
      minDelayMs: settings.DOWNLOAD_DELAY * 1000,
      targetConcurrency: settings.AUTOTHROTTLE_TARGET_CONCURRENCY,
      circuitFailures: settings.HOST_CIRCUIT_FAILURES,
      circuitPauseMs: settings.HOST_CIRCUIT_PAUSE * 1000,
    },
  };
}

export function createDownloader(settings: Settings): Downloader {
  return new Downloader(downloaderLimits(settings));
}

export class Downloader {
  readonly limiter: FairLimiter;
  readonly politeness: HostPoliteness;
  private readonly agent: Agent;
  private readonly writers = new BodyWriterPool();

  constructor(readonly limits: DownloaderLimits) {
    this.politeness = new HostPoliteness(limits.politeness);
    this.limiter = new FairLimiter(limits.concurrency, limits.perHost, this.politeness);
    this.agent = new Agent({
      connect: { timeout: limits.connectTimeoutMs, ...(limits.lookup ? { lookup: limits.lookup } : {}) },
      headersTimeout: limits.idleTimeoutMs,
      bodyTimeout: limits.idleTimeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
    await this.writers.close();
  }

  /** Downloads `url` (already normalised) or throws a GleanerError with an ERR_DOWNLOAD_* code. */
  async fetch(url: string, options: FetchOptions): Promise<DownloadResult> {
    const scheme = url.slice(0, Math.max(0, url.indexOf(':'))).toLowerCase();
    if (scheme === 'data') {
      const { mediaType, body } = decodeDataUrl(url);
      return { body: receiveBuffer(body, options.maxSize), contentType: mediaType, finalUrl: url, attempts: 1 };
    }
    if (scheme !== 'http' && scheme !== 'https') {
      throw new GleanerError('ERR_DOWNLOAD_SCHEME', `Refusing to fetch a ${scheme ? `${scheme}:` : 'scheme-less'} URL: only http, https and data: URLs are fetched`);
    }
    const maxAttempts = options.retry.enabled ? options.retry.times + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.followRedirects(url, options);
        return { ...result, attempts: attempt };
      } catch (error) {
        const failure = error instanceof RetryableStatus ? error : toDownloadError(error, options.signal);
        const retryable = failure instanceof RetryableStatus || isRetryableError(failure.code);
        if (retryable) this.politeness.failed(failure instanceof RetryableStatus ? failure.host : hostOf(url));
        if (!retryable || attempt >= maxAttempts) {
          throw failure instanceof RetryableStatus ? failure.toError() : failure;
        }
        const retryAfter = failure instanceof RetryableStatus ? failure.retryAfter : undefined;
        await sleep(retryDelayMs(options.retry, attempt, retryAfter), options.signal).catch(() => {
          throw new GleanerError('ERR_DOWNLOAD_CANCELLED', 'Cancelled while waiting to retry');
        });
      }
    }
  }

  private async followRedirects(originalUrl: string, options: FetchOptions): Promise<Omit<DownloadResult, 'attempts'>> {
    let current = originalUrl;
    let headers = { ...options.headers };
    for (let hop = 0; ; hop++) {
      const host = hostOf(current);
      const pausedFor = this.politeness.circuitOpenFor(host);
      if (pausedFor > 0) {
        throw new GleanerError('ERR_DOWNLOAD_HOST_PAUSED', `${host} failed repeatedly and is paused for ${Math.ceil(pausedFor / 1000)} s more`);
      }
      const release = await this.limiter.acquire(host, options.fairnessKey, options.signal).catch(() => {
        throw new GleanerError('ERR_DOWNLOAD_CANCELLED', 'Cancelled before the download started');
      });
      try {
        const sent = performance.now();
        const response = await get(this.agent, current, headers, options.signal);
        const status = response.status;
        this.politeness.responded(host, performance.now() - sent, status);
        if (status >= 300 && status < 400 && status !== 304) {
          await response.body.discard();
          const location = headerValue(response.headers.location);
          if (!options.allowRedirects) {
            throw new GleanerError('ERR_DOWNLOAD_REDIRECT', `File (code: ${status}): the server redirects${location ? ` to ${location}` : ''} and MEDIA_ALLOW_REDIRECTS is false`);
          }
          if (!location) throw new GleanerError('ERR_DOWNLOAD_HTTP_STATUS', `File (code: ${status}): redirect without a Location`);
          if (hop >= options.maxRedirects) {
            throw new GleanerError('ERR_DOWNLOAD_TOO_MANY_REDIRECTS', `More than ${options.maxRedirects} redirects (last to ${location})`);
          }
          const next = resolveRedirect(current, location);
          // Credentials are for the origin that asked for them: never carry them to another origin.
          if (new URL(next).origin !== new URL(current).origin) headers = withoutCredentials(headers);
          current = next;
          continue;
        }
        if (status !== 200) {
          await response.body.discard();
          const retryAfter = parseRetryAfter(headerValue(response.headers['retry-after']));
          if (retryAfter !== undefined && (status === 429 || status === 503)) {
            this.politeness.pause(host, Math.min(retryAfter, options.retry.backoffMaxSeconds));
          }
          if (options.retry.httpCodes.has(status)) throw new RetryableStatus(status, retryAfter, host);
          throw statusError(status);
        }
        const contentType = headerValue(response.headers['content-type']) ?? null;
        const lengthHeader = headerValue(response.headers['content-length']);
        const total = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
        if (options.maxSize > 0 && total !== null && total > options.maxSize) {
          // Refused unread: the connection is closed.
          response.body.abort(new Error('Body refused'));
          throw tooLarge(total, options.maxSize);
        }
        const target = { stagingDir: options.stagingDir, ...(options.memoryUpTo !== undefined ? { memoryUpTo: options.memoryUpTo } : {}) };
        const body = await receiveBody(response.body, total, { target, maxSize: options.maxSize, writers: this.writers, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
        this.politeness.succeeded(host);
        return { body, contentType, finalUrl: current };
      } finally {
        release();
      }
    }
  }
}

class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: number | undefined,
    readonly host: string,
  ) {
    super(`HTTP ${status}`);
  }
  toError(): GleanerError {
    return statusError(this.status);
  }
}

function statusError(status: number): GleanerError {
  return new GleanerError('ERR_DOWNLOAD_HTTP_STATUS', `File (code: ${status}): the server answered ${status} instead of 200`);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    throw new GleanerError('ERR_DOWNLOAD_INVALID_URL', `Cannot parse URL ${url}`);
  }
}

function resolveRedirect(base: string, location: string): string {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    throw new GleanerError('ERR_DOWNLOAD_INVALID_URL', `Cannot parse redirect target ${location}`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new GleanerError('ERR_DOWNLOAD_SCHEME', `Refusing to follow a redirect to a ${next.protocol} URL`);
  }
  return next.href;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !/^(cookie|authorization)$/i.test(name)));
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
