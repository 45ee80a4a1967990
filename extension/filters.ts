// The popup's filters, also applied by one-click collecting (keyboard command, context menu) with the
// defaults from the options. Pure functions over media entries.
import type { MediaEntry, MediaKind } from '../shared/extract/types.js';

export interface MediaFilter {
  minWidth: number;
  minHeight: number;
  kinds: Record<MediaKind, boolean>;
  /** Substring, `*` wildcard pattern, or /regular expression/; empty = everything. */
  include: string;
  exclude: string;
}

export const ALL_KINDS: readonly MediaKind[] = ['image', 'video', 'audio', 'file'];

export function defaultFilter(minWidth = 0, minHeight = 0): MediaFilter {
  return { minWidth, minHeight, kinds: { image: true, video: true, audio: true, file: true }, include: '', exclude: '' };
}

/** Compiles a user pattern; an invalid regular expression matches nothing rather than throwing. */
export function compilePattern(pattern: string): ((url: string) => boolean) | undefined {
  const text = pattern.trim();
  if (!text) return undefined;
  const regex = /^\/(.+)\/([imsu]*)$/.exec(text);
  if (regex) {
    try {
      const re = new RegExp(regex[1]!, regex[2]);
      return (url) => re.test(url);
    } catch {
      return () => false;
    }
  }
  if (text.includes('*')) {
    const re = new RegExp(text.split('*').map(escapeRegExp).join('.*'), 'i');
    return (url) => re.test(url);
  }
  const lower = text.toLowerCase();
  return (url) => url.toLowerCase().includes(lower);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Media passing the filter. Sizes filter only media whose size is known: a CSS background or a file
 * link of unknown size stays (the companion's minimum-size check still applies to images).
 */
export function applyFilter(media: readonly MediaEntry[], filter: MediaFilter): MediaEntry[] {
  const include = compilePattern(filter.include);
  const exclude = compilePattern(filter.exclude);
  return media.filter((m) => {
    if (!filter.kinds[m.kind]) return false;
    if (filter.minWidth > 0 && m.width !== undefined && m.width < filter.minWidth) return false;
    if (filter.minHeight > 0 && m.height !== undefined && m.height < filter.minHeight) return false;
    if (include && !include(m.url)) return false;
    if (exclude && exclude(m.url)) return false;
    return true;
  });
}
