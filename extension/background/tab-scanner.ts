// Scans a tab: injects the content script (scripting.executeScript works under activeTab, so no host
// permission is needed for the page the user clicked on) and asks it for the page's media.
import browser from 'webextension-polyfill';
import contentScript from '../content/content-script.ts?iife';
import type { ExtractRequest, ExtractResponse } from '../content/content-script.js';
import type { ScanView } from '../view-types.js';

export class ScanError extends Error {
  override name = 'ScanError';
}

export async function scanTab(tabId: number, fileExtensions: string[]): Promise<ScanView> {
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: [contentScript] });
  } catch (error) {
    throw new ScanError(explainInjectionError(error));
  }
  const request: ExtractRequest = { gleaner: 'extract', options: { fileExtensions } };
  const response = (await browser.tabs.sendMessage(tabId, request)) as ExtractResponse | undefined;
  if (!response) throw new ScanError('The page did not answer the scan. Reload it and try again.');
  return { tabId, ...response };
}

function explainInjectionError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/cannot access|permission|cannot be scripted|extensions gallery|chrome:\/\/|about:|missing host permission/i.test(text)) {
    return `Gleaner cannot read this page. Browsers let an extension read a page after you click its toolbar button, keyboard shortcut or menu on that page, and never on the browser's own pages or web stores. (${text})`;
  }
  return `Gleaner could not scan this page: ${text}`;
}
