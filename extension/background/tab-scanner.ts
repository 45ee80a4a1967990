// Scans a tab: injects the content script (scripting.executeScript works under activeTab, so no host
// permission is needed for the page the user clicked on) and asks it for the page's media, with the
// presets to choose from; the options page's preview goes through the same injected script.
import browser from 'webextension-polyfill';
import contentScript from '../content/content-script.ts?iife';
import type { PresetEntry } from '../../shared/presets/index.js';
import type { ContentRequest, ExtractRequest, ExtractResponse } from '../content/content-script.js';
import { scanView } from '../presets/preset-scan.js';
import type { ScanView } from '../view-types.js';

export class ScanError extends Error {
  override name = 'ScanError';
}

export interface ScanRequest {
  fileExtensions: string[];
  entries: PresetEntry[];
  /** Absent: the preset that applies; an entry: that one; null: the generic extraction. */
  choice?: PresetEntry | null;
}

export async function injectContentScript(tabId: number): Promise<void> {
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: [contentScript] });
  } catch (error) {
    throw new ScanError(explainInjectionError(error));
  }
}

/** Sends one request to the (injected) content script of the tab. */
export async function askPage<T>(tabId: number, request: ContentRequest): Promise<T> {
  const response = (await browser.tabs.sendMessage(tabId, request)) as T | undefined;
  if (response === undefined) throw new ScanError('The page did not answer. Reload it and try again.');
  return response;
}

export async function scanTab(tabId: number, scan: ScanRequest): Promise<ScanView> {
  await injectContentScript(tabId);
  const presets: ExtractRequest['presets'] = scan.choice === undefined ? { entries: scan.entries } : { entries: scan.entries, choice: scan.choice };
  const request: ExtractRequest = { gleaner: 'extract', options: { fileExtensions: scan.fileExtensions }, presets };
  const response = await askPage<ExtractResponse>(tabId, request);
  return scanView(tabId, response, scan.entries, scan.choice);
}

function explainInjectionError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/cannot access|permission|cannot be scripted|extensions gallery|chrome:\/\/|about:|missing host permission/i.test(text)) {
    return `Gleaner cannot read this page. Browsers let an extension read a page after you click its toolbar button, keyboard shortcut or menu on that page, and never on the browser's own pages or web stores. (${text})`;
  }
  return `Gleaner could not scan this page: ${text}`;
}
