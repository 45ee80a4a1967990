// The options page's preview on a tab: the preset runs in the page (content/preview.ts), its matched
// elements get outlined by a stylesheet inserted with scripting.insertCSS (see content/highlight.ts),
// and the answer comes back as a PreviewView. Clearing removes both the marks and the stylesheet.
import browser from 'webextension-polyfill';
import { presetMatchesUrl, type PresetEntry } from '../../shared/presets/index.js';
import type { PreviewResponse } from '../content/content-script.js';
import { PREVIEW_CSS } from '../content/highlight.js';
import { presetRef } from '../presets/entries.js';
import type { PreviewView } from '../view-types.js';
import { askPage, injectContentScript } from './tab-scanner.js';

async function removeStyle(tabId: number): Promise<void> {
  // Nothing to remove is not an error worth showing: the tab may have been reloaded since.
  await browser.scripting.removeCSS({ target: { tabId }, css: PREVIEW_CSS }).catch(() => undefined);
}

export async function previewTab(tabId: number, entry: PresetEntry): Promise<PreviewView> {
  await injectContentScript(tabId);
  await removeStyle(tabId);
  await browser.scripting.insertCSS({ target: { tabId }, css: PREVIEW_CSS });
  const answer = await askPage<PreviewResponse>(tabId, { gleaner: 'preview', entry });
  const { summary } = answer;
  return {
    tabId,
    pageUrl: answer.pageUrl,
    title: answer.title,
    preset: presetRef(entry),
    matchesUrl: presetMatchesUrl(entry.preset, answer.pageUrl),
    detected: answer.detected,
    counts: summary.counts ?? { itemElements: 0, items: 0, urls: 0, rewritten: 0, filtered: 0, emptyItems: 0 },
    warnings: summary.warnings,
    items: summary.items,
    highlighted: answer.highlighted,
  };
}

export async function clearTabPreview(tabId: number): Promise<{ cleared: number }> {
  await injectContentScript(tabId);
  const answer = await askPage<{ cleared: number }>(tabId, { gleaner: 'preview.clear' });
  await removeStyle(tabId);
  return answer;
}
