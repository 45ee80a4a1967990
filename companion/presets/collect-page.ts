// One page of `gleaner collect`: load it (fetched, or rendered in Chromium with the page actions of
// the preset its URL points to), parse it with the Node DOM, and extract its items with the preset
// that applies (or the one given with --preset, or the generic extraction). A failure is data: the
// page's outcome carries the coded error, and the other pages carry on.
import { GleanerError, toGleanerError } from '../../shared/errors.js';
import type { Item } from '../../shared/items.js';
import { extractPage, rankPresets, type PresetEntry } from '../../shared/presets/index.js';
import type { PageFetcher } from './fetch-page.js';
import { parseHtml } from './node-dom.js';
import type { PageRenderer } from './render-page.js';

export interface PageLoaders {
  fetcher: PageFetcher;
  /** Present with --render. */
  renderer?: PageRenderer | undefined;
}

export interface CollectedPage {
  ok: true;
  /** The URL as given. */
  requested: string;
  /** Where the page was after redirects: the items' url and referer. */
  url: string;
  /** The preset that gave the items; undefined for the generic extraction. */
  preset: PresetEntry | undefined;
  items: Item[];
  /** Problems met on the page (selectors this DOM cannot parse), and what the page actions did. */
  notes: string[];
}

export interface FailedPage {
  ok: false;
  requested: string;
  error: GleanerError;
}

export type PageOutcome = CollectedPage | FailedPage;

export interface CollectOptions {
  entries: readonly PresetEntry[];
  /** --preset: this preset for every page. */
  forced?: PresetEntry | undefined;
  signal?: AbortSignal | undefined;
}

export async function collectPage(requested: string, loaders: PageLoaders, options: CollectOptions): Promise<PageOutcome> {
  try {
    const notes: string[] = [];
    let loaded: { url: string; html: string };
    if (loaders.renderer) {
      // The page is not loaded yet, so `detect` cannot be checked: the actions are those of the best
      // preset by URL (or the forced one).
      const actions = (options.forced ?? rankPresets(requested, options.entries)[0]?.entry)?.preset.actions ?? [];
      const rendered = await loaders.renderer.render(requested, actions, options.signal);
      notes.push(...rendered.steps);
      loaded = rendered;
    } else {
      loaded = await loaders.fetcher.fetch(requested, options.signal);
    }
    const document = await parseHtml(loaded.html);
    const extraction = extractPage(document, loaded.url, options.entries, options.forced ? { preset: options.forced } : {});
    notes.push(...(extraction.result?.warnings ?? []));
    return { ok: true, requested, url: loaded.url, preset: extraction.preset, items: extraction.items, notes };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { ok: false, requested, error: toGleanerError(error, 'ERR_PAGE_FETCH') };
  }
}

/** The record printed in a failed page's place. */
export function failureRecord(page: FailedPage): Record<string, unknown> {
  return { url: page.requested, _error: { code: page.error.code, message: page.error.message } };
}

/** One line for stderr: which preset applied and how many items it gave. */
export function pageSummary(page: PageOutcome): string {
  if (!page.ok) return `gleaner: ${page.requested}: ${page.error.code}: ${page.error.message}`;
  const by = page.preset ? `preset ${page.preset.preset.id}${page.preset.origin === 'user' ? ' (user)' : ''}` : 'generic extraction';
  const moved = page.url !== page.requested ? ` (now ${page.url})` : '';
  return `gleaner: ${page.requested}${moved}: ${by}, ${page.items.length} item${page.items.length === 1 ? '' : 's'}`;
}
