// The content script, injected on demand (scripting.executeScript, under activeTab) rather than into
// every page. It answers one question from the background: "what media does this page have?", by
// running shared/extract on the live DOM (computed styles, currentSrc and loaded sizes included).
import browser from 'webextension-polyfill';
import { extract } from '../../shared/extract/extract.js';
import type { ExtractOptions, MediaEntry } from '../../shared/extract/types.js';
import { probeSizes } from './probe-sizes.js';

export interface ExtractRequest {
  gleaner: 'extract';
  options: ExtractOptions;
}

export interface ExtractResponse {
  pageUrl: string;
  title: string;
  media: MediaEntry[];
  truncated: boolean;
  extractMs: number;
  elementCount: number;
}

declare global {
  // eslint-disable-next-line no-var
  var __gleanerContentScript: boolean | undefined;
}

// Injected again on every scan: register the listener once per page.
if (!globalThis.__gleanerContentScript) {
  globalThis.__gleanerContentScript = true;
  browser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as Partial<ExtractRequest> | undefined;
    if (request?.gleaner !== 'extract') return undefined;
    return scan(request.options ?? {});
  });
}

async function scan(options: ExtractOptions): Promise<ExtractResponse> {
  const started = performance.now();
  const result = extract(document, location.href, options);
  const extractMs = Math.round((performance.now() - started) * 10) / 10;
  await probeSizes(result.media);
  return {
    pageUrl: result.pageUrl,
    title: result.title,
    media: result.media,
    truncated: result.truncated,
    extractMs,
    elementCount: result.elementCount,
  };
}
