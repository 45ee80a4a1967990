// One call for "the items of this page": the preset that applies (or the one the user picked), else
// the generic extraction — what the content script, `gleaner collect` and `presets check` all run.
import type { Item } from '../items.js';
import { extract } from '../extract/extract.js';
import type { ExtractOptions } from '../extract/types.js';
import { applyPreset, type ApplyOptions, type PresetResult } from './apply-preset.js';
import { selectPreset, type PresetEntry } from './select-preset.js';

export interface ExtractPageOptions {
  /**
   * undefined: choose by URL and `detect` (selectPreset); a preset entry: use it whatever the URL
   * (the user switched to it); null: the generic extraction.
   */
  preset?: PresetEntry | null;
  /** Options of the generic extraction. */
  extract?: ExtractOptions;
  apply?: ApplyOptions;
}

export interface PageExtraction {
  pageUrl: string;
  /** The preset that gave the items; undefined when the generic extraction did. */
  preset: PresetEntry | undefined;
  items: Item[];
  /** The preset's full result (matched elements, counts, warnings) when a preset applied. */
  result: PresetResult | undefined;
}

export function extractPage(document: Document, pageUrl: string, entries: readonly PresetEntry[], options: ExtractPageOptions = {}): PageExtraction {
  const entry = options.preset === undefined ? selectPreset(pageUrl, entries, document) : (options.preset ?? undefined);
  if (!entry) {
    return { pageUrl, preset: undefined, items: extract(document, pageUrl, options.extract).items, result: undefined };
  }
  const result = applyPreset(document, pageUrl, entry.preset, options.apply);
  return { pageUrl, preset: entry, items: result.items, result };
}

/** What a page's extraction came to, without DOM elements: fit for runtime messaging and the popup. */
export interface ExtractionSummary {
  pageUrl: string;
  /** undefined: the generic extraction. */
  preset: { id: string; name: string; origin: PresetEntry['origin']; overrides: boolean } | undefined;
  items: Item[];
  /** Present when a preset applied. */
  counts: PresetResult['counts'] | undefined;
  warnings: string[];
}

export function summariseExtraction(extraction: PageExtraction): ExtractionSummary {
  const entry = extraction.preset;
  return {
    pageUrl: extraction.pageUrl,
    preset: entry && { id: entry.preset.id, name: entry.preset.name, origin: entry.origin, overrides: entry.overrides ?? false },
    items: extraction.items,
    counts: extraction.result?.counts,
    warnings: extraction.result?.warnings ?? [],
  };
}
