// The last scan of each tab, so that "collect these URLs" can be turned back into full media entries
// (kind, size, Referer) even if the service worker was restarted between the scan and the click.
// storage.session lives in memory only and is cleared with the browser session.
import browser from 'webextension-polyfill';
import type { ScanView } from '../view-types.js';

const KEEP_SCANS = 4;
const key = (tabId: number) => `scan:${tabId}`;

export class ScanStore {
  private readonly memory = new Map<number, ScanView>();

  private get area(): browser.Storage.StorageArea | undefined {
    return (browser.storage as { session?: browser.Storage.StorageArea }).session;
  }

  async put(scan: ScanView): Promise<void> {
    this.memory.delete(scan.tabId);
    this.memory.set(scan.tabId, scan);
    for (const old of [...this.memory.keys()].slice(0, Math.max(0, this.memory.size - KEEP_SCANS))) await this.remove(old);
    try {
      await this.area?.set({ [key(scan.tabId)]: scan });
    } catch {
      // Over the session quota: the in-memory copy still serves while the worker lives.
    }
  }

  async get(tabId: number): Promise<ScanView | undefined> {
    const cached = this.memory.get(tabId);
    if (cached) return cached;
    const stored = await this.area?.get(key(tabId));
    return stored?.[key(tabId)] as ScanView | undefined;
  }

  async remove(tabId: number): Promise<void> {
    this.memory.delete(tabId);
    await this.area?.remove(key(tabId));
  }
}
