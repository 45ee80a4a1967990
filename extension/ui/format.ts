// Small display helpers shared by the popup and the options page.
import type { MediaEntry } from '../../shared/extract/types.js';

export function sizeLabel(entry: Pick<MediaEntry, 'width' | 'height'>): string {
  if (entry.width === undefined) return 'size ?';
  return entry.height === undefined ? `${entry.width} wide` : `${entry.width}×${entry.height}`;
}

export function shortUrl(url: string, max = 60): string {
  if (url.startsWith('data:')) return `${url.slice(0, 30)}…`;
  try {
    const parsed = new URL(url);
    const text = `${parsed.host}${parsed.pathname}${parsed.search}`;
    return text.length > max ? `${text.slice(0, max / 2 - 1)}…${text.slice(-max / 2)}` : text;
  } catch {
    return url.slice(0, max);
  }
}

export function fileName(url: string): string {
  try {
    const path = new URL(url).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || new URL(url).host;
  } catch {
    return url.slice(0, 40);
  }
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
