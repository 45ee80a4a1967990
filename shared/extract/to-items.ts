// Media entries as Scrapy items. One item per entry, so the companion reports each file as its own
// result and the popup can show per-file progress. Images go in `image_urls` (the ImagesPipeline),
// everything else in `file_urls` (the FilesPipeline). Page URL and title ride along like any item field.
import type { MediaEntry } from './types.js';

export interface PageInfo {
  pageUrl: string;
  title: string;
}

export interface MediaItem {
  url: string;
  title: string;
  image_urls?: string[];
  file_urls?: string[];
  media_kind: MediaEntry['kind'];
  referer: string;
  alt?: string;
  width?: number;
  height?: number;
  [field: string]: unknown;
}

export function toItem(entry: MediaEntry, page: PageInfo): MediaItem {
  const item: MediaItem = { url: page.pageUrl, title: page.title, media_kind: entry.kind, referer: entry.referer };
  if (entry.kind === 'image') item.image_urls = [entry.url];
  else item.file_urls = [entry.url];
  if (entry.alt ?? entry.title) item.alt = entry.alt ?? entry.title;
  if (entry.width !== undefined) item.width = entry.width;
  if (entry.height !== undefined) item.height = entry.height;
  return item;
}

export function toItems(entries: readonly MediaEntry[], page: PageInfo): MediaItem[] {
  return entries.map((entry) => toItem(entry, page));
}

/** The classic one-item-per-page shape, for scripts that want Scrapy's usual grouping. */
export function toPageItem(entries: readonly MediaEntry[], page: PageInfo): MediaItem & { image_urls: string[]; file_urls: string[] } {
  return {
    url: page.pageUrl,
    title: page.title,
    media_kind: 'file',
    referer: page.pageUrl,
    image_urls: entries.filter((e) => e.kind === 'image').map((e) => e.url),
    file_urls: entries.filter((e) => e.kind !== 'image').map((e) => e.url),
  };
}
