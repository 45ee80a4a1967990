// The toolbar badge, per tab when the job came from a tab, so other tabs keep a clean button.
import browser from 'webextension-polyfill';
import type { JobHead } from '../view-types.js';
import { badgeFor } from './badge-text.js';

export async function showBadge(head: JobHead): Promise<void> {
  const { text, color } = badgeFor(head);
  const target = head.tabId !== undefined ? { tabId: head.tabId } : {};
  try {
    await browser.action.setBadgeBackgroundColor({ color, ...target });
    await browser.action.setBadgeText({ text, ...target });
  } catch {
    // The tab was closed meanwhile: nothing to show it on.
  }
}
