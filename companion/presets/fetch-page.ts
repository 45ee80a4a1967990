// Fetches a page's HTML for `gleaner collect` and `gleaner presets check`, with the same User-Agent,
// default headers, timeouts and retry rules as media downloads, redirects followed (up to
// REDIRECT_MAX_TIMES) so relative URLs resolve against where the page really is. Only http(s).
import { Agent, request, type Dispatcher } from 'undici';
import { GleanerError } from '../../shared/errors.js';
import type { Settings } from '../config/settings.js';
import { toDownloadError } from '../pipeline/download/network-errors.js';
import { isRetryableError, parseRetryAfter, retryDelayMs, sleep, type RetryPolicy } from '../pipeline/download/retry-policy.js';
import { decodeHtml } from './decode-html.js';

export interface LoadedPage {
  /** The URL the page came from after redirects: items are about it, and it is their Referer. */
  url: string;
  html: string;
}

// A page is a document, not media: beyond this it is not a page anyone means to extract from.
const MAX_PAGE_BYTES = 32 * 1024 * 1024;

export function pageUrlError(url: string): GleanerError | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return undefined;
  } catch {
    // fall through
  }
  return new GleanerError('ERR_PAGE_URL', `${JSON.stringify(url)} is not an http or https URL`);
}

export class PageFetcher {
  private readonly agent: Agent;
  private readonly retry: RetryPolicy;
  private readonly maxBytes: number;

  constructor(private readonly settings: Settings) {
    this.agent = new Agent({
      connect: { timeout: settings.DOWNLOAD_CONNECT_TIMEOUT * 1000 },
      headersTimeout: settings.DOWNLOAD_TIMEOUT * 1000,
      bodyTimeout: settings.DOWNLOAD_TIMEOUT * 1000,
    });
    this.retry = {
      enabled: settings.RETRY_ENABLED,
      times: settings.RETRY_TIMES,
      httpCodes: new Set(settings.RETRY_HTTP_CODES),
      backoffBaseSeconds: settings.RETRY_BACKOFF_BASE,
      backoffMaxSeconds: settings.RETRY_BACKOFF_MAX,
    };
    this.maxBytes = settings.DOWNLOAD_MAXSIZE > 0 ? Math.min(settings.DOWNLOAD_MAXSIZE, MAX_PAGE_BYTES) : MAX_PAGE_BYTES;
  }

  headers(): Record<string, string> {
    return {
      ...Object.fromEntries(Object.entries(this.settings.DEFAULT_REQUEST_HEADERS).map(([k, v]) => [k.toLowerCase(), v])),
      'user-agent': this.settings.USER_AGENT,
      accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
      'accept-encoding': 'identity',
    };
  }

  async fetch(url: string, signal?: AbortSignal): Promise<LoadedPage> {
    const bad = pageUrlError(url);
    if (bad) throw bad;
    const attempts = 1 + (this.retry.enabled ? this.retry.times : 0);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(url, signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const failure = error as GleanerError & { retryAfter?: number; retryable?: boolean };
        if (attempt >= attempts || !failure.retryable) throw failure;
        await sleep(retryDelayMs(this.retry, attempt, failure.retryAfter), signal);
      }
    }
  }

  private async once(pageUrl: string, signal: AbortSignal | undefined): Promise<LoadedPage> {
    let url = pageUrl;
    for (let redirects = 0; ; redirects++) {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, { method: 'GET', headers: this.headers(), dispatcher: this.agent, ...(signal ? { signal } : {}) });
      } catch (error) {
        const cause = toDownloadError(error, signal);
        throw Object.assign(new GleanerError('ERR_PAGE_FETCH', `Cannot fetch the page ${url}: ${cause.message}`, { cause }), {
          retryable: isRetryableError(cause.code),
        });
      }
      const { statusCode, headers, body } = response;
      const location = headers.location;
      if (statusCode >= 300 && statusCode < 400 && typeof location === 'string') {
        await body.dump();
        if (redirects >= this.settings.REDIRECT_MAX_TIMES) {
          throw new GleanerError('ERR_PAGE_FETCH', `The page ${pageUrl} redirected more than ${this.settings.REDIRECT_MAX_TIMES} times`);
        }
        url = new URL(location, url).href;
        const bad = pageUrlError(url);
        if (bad) throw bad;
        continue;
      }
      if (statusCode !== 200) {
        await body.dump();
        const retryAfter = parseRetryAfter(typeof headers['retry-after'] === 'string' ? headers['retry-after'] : undefined);
        throw Object.assign(new GleanerError('ERR_PAGE_HTTP_STATUS', `The page ${url} answered ${statusCode}`), {
          retryable: this.retry.httpCodes.has(statusCode),
          retryAfter,
        });
      }
      const type = typeof headers['content-type'] === 'string' ? headers['content-type'] : '';
      if (type && !/^\s*(text\/html|application\/xhtml\+xml)\b/i.test(type)) {
        await body.dump();
        throw new GleanerError('ERR_PAGE_NOT_HTML', `The page ${url} is ${type.split(';')[0]}, not HTML`);
      }
      return { url, html: decodeHtml(await this.readBody(body, url), type) };
    }
  }

  private async readBody(body: Dispatcher.ResponseData['body'], url: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      // Throwing out of the loop ends the iteration, which closes the body.
      if (size > this.maxBytes) {
        throw new GleanerError('ERR_PAGE_TOO_LARGE', `The page ${url} is larger than ${this.maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
