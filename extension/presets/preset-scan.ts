// What a preset's scan means for the popup and the job. The popup shows and filters media entries (one
// per URL), the companion gets items: each chosen URL becomes one job item carrying its preset item's
// fields — so every file keeps its own progress line in the popup, and the stored item still says which
// post, product or page it came from — with the URL in the same field the preset put it in (a
// file_urls original of an image board stays a file, stored byte for byte).
//
// Which target and pipeline options the job gets, from the least to the most specific, as
// `gleaner collect` layers its settings:
//   the extension's defaults (options page) < the preset's `pipeline` < what the user chose in the popup.
// The popup's only per-job choice is the storage target: when the user changed it in the popup it is
// sent and wins; otherwise the preset's target, else the default target. Pipeline options the preset
// sets (thumbs, minWidth, minHeight, expires) replace the defaults' values; the others stay.
import { kindOfExtension, urlExtension } from '../../shared/extract/file-types.js';
import type { MediaItem } from '../../shared/extract/to-items.js';
import type { MediaEntry, MediaKind } from '../../shared/extract/types.js';
import type { Item } from '../../shared/items.js';
import { URL_FIELDS, type UrlField } from '../../shared/presets/field-names.js';
import { presetJobOptions, type PresetEntry } from '../../shared/presets/index.js';
import type { JobOptions } from '../../shared/protocol/index.js';
import type { ExtractResponse } from '../content/scan-page.js';
import { jobOptions, type GleanerSettings } from '../settings.js';
import type { PresetScanView, ScanView } from '../view-types.js';
import { presetRef, switchChoices } from './entries.js';

interface Located {
  item: Item;
  field: UrlField;
}

function kindOf(url: string, field: UrlField): MediaKind {
  if (field === 'image_urls') return 'image';
  try {
    return kindOfExtension(urlExtension(new URL(url)));
  } catch {
    return 'file';
  }
}

/** Each URL of the items once, in item order; the first item (and field) that lists a URL owns it. */
function locate(items: readonly Item[]): Map<string, Located> {
  const owners = new Map<string, Located>();
  for (const item of items) {
    for (const field of URL_FIELDS) {
      const urls = item[field];
      if (!Array.isArray(urls)) continue;
      for (const url of urls) if (typeof url === 'string' && !owners.has(url)) owners.set(url, { item, field });
    }
  }
  return owners;
}

/** The media entries the popup shows for a preset's items. */
export function presetMedia(items: readonly Item[], pageUrl: string): MediaEntry[] {
  return [...locate(items)].map(([url, { item, field }]) => ({
    url,
    kind: kindOf(url, field),
    sources: [field === 'image_urls' ? 'img' : 'link'],
    referer: typeof item.referer === 'string' ? item.referer : pageUrl,
  }));
}

/** One job item per chosen URL, in the order of `media` (the popup's choice). */
export function presetJobItems(items: readonly Item[], media: readonly MediaEntry[], page: { pageUrl: string; title: string }): MediaItem[] {
  const owners = locate(items);
  return media.map((entry) => {
    const owner = owners.get(entry.url);
    const fields: Item = { ...(owner?.item ?? {}) };
    for (const field of URL_FIELDS) delete fields[field];
    const field = owner?.field ?? (entry.kind === 'image' ? 'image_urls' : 'file_urls');
    // Page title first so a preset field named `title` (the post's, the product's) wins over it.
    return {
      url: page.pageUrl,
      title: page.title,
      ...fields,
      media_kind: entry.kind,
      referer: typeof fields.referer === 'string' ? fields.referer : entry.referer,
      [field]: [entry.url],
    } as MediaItem;
  });
}

/** `choice` as the scan was asked: undefined automatic, an entry forced, null generic. */
export function scanView(tabId: number, response: ExtractResponse, entries: readonly PresetEntry[], choice?: PresetEntry | null): ScanView {
  const { preset: summary, ...page } = response;
  const view: ScanView = { tabId, ...page, choices: switchChoices(response.pageUrl, entries), forced: choice !== undefined };
  if (!summary?.preset) return view;
  const entry = choice ?? entries.find((e) => e.preset.id === summary.preset!.id);
  const preset: PresetScanView = {
    ...(entry ? presetRef(entry) : { ...summary.preset }),
    counts: summary.counts ?? { itemElements: 0, items: 0, urls: 0, rewritten: 0, filtered: 0, emptyItems: 0 },
    warnings: summary.warnings,
    items: summary.items,
    job: entry ? presetJobOptions(entry.preset) : { options: {} },
  };
  return { ...view, media: presetMedia(summary.items, response.pageUrl), preset };
}

export interface PresetJob {
  target?: string;
  options: JobOptions;
}

/**
 * `explicitTarget`: the target the user picked in the popup ('' = the companion's default target), or
 * undefined when they left the popup's choice alone.
 */
export function jobFor(settings: GleanerSettings, preset: PresetJob | undefined, explicitTarget?: string): { target?: string; options: JobOptions } {
  const target = explicitTarget ?? preset?.target ?? settings.target;
  const options = { ...jobOptions(settings), ...(preset?.options ?? {}) };
  return target ? { target, options } : { options };
}
