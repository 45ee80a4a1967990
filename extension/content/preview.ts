// The options page's preview: runs one preset on this page whatever its URL, outlines what it matched
// and answers with its items and counts (no DOM elements: they cannot cross messaging).
import { detects } from '../../shared/presets/select-preset.js';
import { extractPage, summariseExtraction, type ExtractionSummary } from '../../shared/presets/extract-page.js';
import type { PresetEntry } from '../../shared/presets/select-preset.js';
import { clearHighlights, highlightMatches, type Highlighted } from './highlight.js';

export interface PreviewRequest {
  gleaner: 'preview';
  entry: PresetEntry;
}

export interface ClearPreviewRequest {
  gleaner: 'preview.clear';
}

export interface PreviewResponse {
  pageUrl: string;
  title: string;
  summary: ExtractionSummary;
  detected: boolean;
  highlighted: Highlighted;
}

export function previewPreset(entry: PresetEntry): PreviewResponse {
  clearHighlights(document);
  const extraction = extractPage(document, location.href, [entry], { preset: entry });
  const matches = extraction.result?.matches ?? { items: [], fields: {} };
  const highlighted = highlightMatches(matches);
  return { pageUrl: location.href, title: document.title, summary: summariseExtraction(extraction), detected: detects(entry.preset, document), highlighted };
}

export function clearPreview(): { cleared: number } {
  return { cleared: clearHighlights(document) };
}
