// --render: loads pages in Chromium (playwright-core, the system's Chromium) for pages that build
// their content with JavaScript, plays the preset's page actions, then hands the DOM as it stands to
// the same extraction as fetched pages (serialised and parsed by the Node DOM). One browser per run,
// a fresh context per page; same User-Agent and default headers as every other request.
import type { Browser } from 'playwright-core';
import { GleanerError } from '../../shared/errors.js';
import type { PageAction } from '../../shared/presets/index.js';
import type { Settings } from '../config/settings.js';
import type { LoadedPage } from './fetch-page.js';
import { pageUrlError } from './fetch-page.js';
import { findChromium } from './find-chromium.js';
import { runPageActions } from './page-actions.js';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface RenderedPage extends LoadedPage {
  /** What the page actions did. */
  steps: string[];
}

export class PageRenderer {
  private browser: Promise<Browser> | undefined;

  constructor(private readonly settings: Settings) {}

  private launch(): Promise<Browser> {
    this.browser ??= (async () => {
      const executablePath = findChromium();
      let chromium: typeof import('playwright-core').chromium;
      try {
        ({ chromium } = await import('playwright-core'));
      } catch (error) {
        throw new GleanerError('ERR_PAGE_BROWSER', `--render needs the playwright-core package (npm install playwright-core): ${(error as Error).message}`);
      }
      try {
        return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
      } catch (error) {
        throw new GleanerError('ERR_PAGE_BROWSER', `Chromium (${executablePath}) did not start: ${(error as Error).message.split('\n')[0]}`);
      }
    })();
    this.browser.catch(() => (this.browser = undefined));
    return this.browser;
  }

  async render(url: string, actions: readonly PageAction[], signal?: AbortSignal): Promise<RenderedPage> {
    const bad = pageUrlError(url);
    if (bad) throw bad;
    const browser = await this.launch();
    const headers = Object.fromEntries(Object.entries(this.settings.DEFAULT_REQUEST_HEADERS).map(([k, v]) => [k.toLowerCase(), v]));
    const context = await browser.newContext({ userAgent: this.settings.USER_AGENT, extraHTTPHeaders: headers });
    const onAbort = (): void => void context.close().catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(this.settings.DOWNLOAD_TIMEOUT * 1000);
      const response = await page.goto(url, { waitUntil: 'load' }).catch((error: Error) => {
        throw new GleanerError('ERR_PAGE_RENDER', `Chromium could not load ${url}: ${error.message.split('\n')[0]}`);
      });
      if (response && response.status() >= 400) {
        throw new GleanerError('ERR_PAGE_HTTP_STATUS', `The page ${page.url()} answered ${response.status()}`);
      }
      const log = await runPageActions(page, actions).catch((error: Error) => {
        throw new GleanerError('ERR_PAGE_RENDER', `A page action failed on ${url}: ${error.message.split('\n')[0]}`);
      });
      return { url: page.url(), html: await page.content(), steps: log.steps };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }
}
