// Gathers media entries as the walker finds them: resolves URLs against the document's base, keeps only
// what the companion can fetch (http, https, and data: URLs big enough not to be placeholders), and
// merges repeats of one URL into a single entry that remembers every place it was seen.
import type { ExtractOptions, MediaEntry, MediaKind, MediaSource } from './types.js';

export interface Sighting {
  kind: MediaKind;
  source: MediaSource;
  width?: number | undefined;
  height?: number | undefined;
  alt?: string | undefined;
  title?: string | undefined;
}

export class MediaCollector {
  readonly entries = new Map<string, MediaEntry>();
  truncated = false;
  private readonly minData: number;
  private readonly maxData: number;
  private readonly maxEntries: number;

  constructor(options: ExtractOptions) {
    this.minData = options.minDataUrlLength ?? 512;
    this.maxData = options.maxDataUrlLength ?? 1024 * 1024;
    this.maxEntries = options.maxEntries ?? 50_000;
  }

  /** Resolves `raw` against `base`; undefined for anything that is not fetchable media. */
  resolve(raw: string | null | undefined, base: string): string | undefined {
    if (!raw) return undefined;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return undefined;
    if (/^data:/i.test(trimmed)) {
      return trimmed.length >= this.minData && trimmed.length <= this.maxData ? trimmed : undefined;
    }
    let url: URL;
    try {
      url = new URL(trimmed, base);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.href;
  }

  add(raw: string | null | undefined, base: string, referer: string, sighting: Sighting): MediaEntry | undefined {
    const url = this.resolve(raw, base);
    return url === undefined ? undefined : this.addResolved(url, referer, sighting);
  }

  addResolved(url: string, referer: string, sighting: Sighting): MediaEntry | undefined {
    const existing = this.entries.get(url);
    if (existing) {
      merge(existing, sighting);
      return existing;
    }
    if (this.entries.size >= this.maxEntries) {
      this.truncated = true;
      return undefined;
    }
    const entry: MediaEntry = { url, kind: sighting.kind, sources: [sighting.source], referer };
    setDimensions(entry, sighting);
    if (sighting.alt) entry.alt = sighting.alt;
    if (sighting.title) entry.title = sighting.title;
    this.entries.set(url, entry);
    return entry;
  }
}

function merge(entry: MediaEntry, sighting: Sighting): void {
  if (!entry.sources.includes(sighting.source)) entry.sources.push(sighting.source);
  // A URL seen as a link ("file") and shown as an image is an image: the more specific kind wins.
  if (entry.kind === 'file' && sighting.kind !== 'file') entry.kind = sighting.kind;
  setDimensions(entry, sighting);
  if (!entry.alt && sighting.alt) entry.alt = sighting.alt;
  if (!entry.title && sighting.title) entry.title = sighting.title;
}

/** Keeps the largest size seen, taking width and height as a pair so they stay consistent. */
function setDimensions(entry: MediaEntry, sighting: Sighting): void {
  const { width, height } = sighting;
  if (!width || width <= 0) return;
  if (entry.width === undefined || width > entry.width) {
    entry.width = Math.round(width);
    if (height && height > 0) entry.height = Math.round(height);
    else delete entry.height;
  }
}
