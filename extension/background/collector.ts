// Turning "collect this" into a job: from the popup's chosen URLs of a scanned tab, from one click on
// a page (scan, then the default filters), or from a single image or link of the context menu.
import type { MediaEntry } from '../../shared/extract/types.js';
import { kindOfExtension, urlExtension } from '../../shared/extract/file-types.js';
import type { PresetEntry } from '../../shared/presets/index.js';
import { applyFilter, defaultFilter } from '../filters.js';
import type { GleanerSettings } from '../settings.js';
import { jobFor, presetJobItems } from '../presets/preset-scan.js';
import type { ScanView } from '../view-types.js';
import type { JobBook } from './job-book.js';
import type { JobSync } from './job-sync.js';
import type { ScanStore } from './scan-store.js';
import { scanTab } from './tab-scanner.js';

export interface TabInfo {
  id?: number | undefined;
  url?: string | undefined;
  title?: string | undefined;
}

export class Collector {
  constructor(
    private readonly book: JobBook,
    private readonly sync: JobSync,
    private readonly scans: ScanStore,
    private readonly settings: () => Promise<GleanerSettings>,
    private readonly presets: () => Promise<PresetEntry[]>,
  ) {}

  /** The popup's Collect: the chosen URLs, in the scan's order, with the scan's details. */
  async collectUrls(tabId: number, urls: string[], target?: string): Promise<string> {
    const scan = await this.scans.get(tabId);
    if (!scan) throw new Error('This tab has not been scanned yet (or the scan expired). Reopen the popup.');
    const wanted = new Set(urls);
    const media = scan.media.filter((m) => wanted.has(m.url));
    if (media.length === 0) throw new Error('Nothing is selected.');
    return this.start({ id: tabId, url: scan.pageUrl, title: scan.title }, media, target, scan);
  }

  /** One click (keyboard command, context menu on the page): everything the default filters let through. */
  async collectPage(tab: TabInfo): Promise<string | undefined> {
    if (tab.id === undefined) return undefined;
    const settings = await this.settings();
    const scan = await scanTab(tab.id, { fileExtensions: settings.fileExtensions, entries: await this.presets() });
    await this.scans.put(scan);
    const media = applyFilter(scan.media, defaultFilter(settings.minWidth, settings.minHeight));
    if (media.length === 0) return undefined;
    return this.start({ id: tab.id, url: scan.pageUrl, title: scan.title }, media, undefined, scan);
  }

  /** Context menu on one image or link: no scan needed, the menu gives the URL. */
  async collectOne(tab: TabInfo, url: string, as: 'image' | 'link', referer: string | undefined): Promise<string | undefined> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (!/^(https?|data):$/.test(parsed.protocol)) return undefined;
    const kind = as === 'image' ? 'image' : parsed.protocol === 'data:' ? 'image' : kindOfExtension(urlExtension(parsed));
    const entry: MediaEntry = { url: parsed.href, kind, sources: [as === 'image' ? 'img' : 'link'], referer: referer ?? tab.url ?? '' };
    return this.start(tab, [entry]);
  }

  /** `scan`: the scan the media came from; when a preset gave them, its items and pipeline options apply. */
  private async start(tab: TabInfo, media: MediaEntry[], target?: string, scan?: ScanView): Promise<string> {
    const settings = await this.settings();
    const job = jobFor(settings, scan?.preset?.job, target);
    const page = { pageUrl: tab.url ?? '', title: tab.title ?? '' };
    const record = this.book.create({
      ...(tab.id !== undefined ? { tabId: tab.id } : {}),
      ...page,
      ...(job.target ? { target: job.target } : {}),
      options: job.options,
      media,
      ...(scan?.preset ? { items: presetJobItems(scan.preset.items, media, page) } : {}),
    });
    void this.sync.flush();
    return record.key;
  }
}
