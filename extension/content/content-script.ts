// The content script, injected on demand (scripting.executeScript, under activeTab) rather than into
// every page. It answers the background's questions about the page: its media (scan-page.ts, with the
// preset that applies), and the options page's preview of a preset (preview.ts).
import browser from 'webextension-polyfill';
import { scanPage, type ExtractRequest } from './scan-page.js';
import { clearPreview, previewPreset, type ClearPreviewRequest, type PreviewRequest } from './preview.js';

export type { ExtractRequest, ExtractResponse } from './scan-page.js';
export type { ClearPreviewRequest, PreviewRequest, PreviewResponse } from './preview.js';

export type ContentRequest = ExtractRequest | PreviewRequest | ClearPreviewRequest;

declare global {
  // eslint-disable-next-line no-var
  var __gleanerContentScript: boolean | undefined;
}

// Injected again on every scan: register the listener once per page.
if (!globalThis.__gleanerContentScript) {
  globalThis.__gleanerContentScript = true;
  browser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as Partial<ContentRequest> | undefined;
    switch (request?.gleaner) {
      case 'extract':
        return scanPage(request as ExtractRequest);
      case 'preview':
        // A promise, so errors (a selector this page's DOM rejects) reach the background as a rejection.
        return Promise.resolve().then(() => previewPreset((request as PreviewRequest).entry));
      case 'preview.clear':
        return Promise.resolve(clearPreview());
      default:
        return undefined;
    }
  });
}
