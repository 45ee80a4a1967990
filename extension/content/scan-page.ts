// What a scan of the page answers: the items of the preset that applies (or the one the user switched
// to), else every medium the generic extraction finds (computed styles, currentSrc and loaded sizes
// included). Imports only the zod-free parts of shared/presets, so the validator stays out of pages.
import { extract } from '../../shared/extract/extract.js';
import type { ExtractOptions, MediaEntry } from '../../shared/extract/types.js';
import { extractPage, summariseExtraction, type ExtractionSummary } from '../../shared/presets/extract-page.js';
import { selectPreset, type PresetEntry } from '../../shared/presets/select-preset.js';
import { probeSizes } from './probe-sizes.js';

export interface ExtractRequest {
  gleaner: 'extract';
  options: ExtractOptions;
  presets?: {
    entries: PresetEntry[];
    /** Absent: choose by URL and `detect`; an entry: use it; null: the generic extraction. */
    choice?: PresetEntry | null;
  };
}

export interface ExtractResponse {
  pageUrl: string;
  title: string;
  /** The generic extraction's media; empty when a preset applied (its items are in `preset`). */
  media: MediaEntry[];
  truncated: boolean;
  /** Time the extraction took in the page, in milliseconds (sizes probing excluded). */
  extractMs: number;
  elementCount: number;
  preset?: ExtractionSummary;
}

const since = (started: number) => Math.round((performance.now() - started) * 10) / 10;

export async function scanPage(request: ExtractRequest): Promise<ExtractResponse> {
  const started = performance.now();
  const entries = request.presets?.entries ?? [];
  const choice = request.presets?.choice;
  // The same choice extractPage makes, made here so the generic case runs extract() once, in full.
  const entry = choice === undefined ? selectPreset(location.href, entries, document) : (choice ?? undefined);
  if (entry) {
    const summary = summariseExtraction(extractPage(document, location.href, entries, { preset: entry }));
    // No size probing: a preset's URLs are often originals behind thumbnails, too big to load for a size.
    const elementCount = document.getElementsByTagName('*').length;
    return { pageUrl: location.href, title: document.title, media: [], truncated: false, extractMs: since(started), elementCount, preset: summary };
  }
  const result = extract(document, location.href, request.options);
  const extractMs = since(started);
  await probeSizes(result.media);
  return {
    pageUrl: result.pageUrl,
    title: result.title,
    media: result.media,
    truncated: result.truncated,
    extractMs,
    elementCount: result.elementCount,
  };
}
