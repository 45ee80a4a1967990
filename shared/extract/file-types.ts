// What a URL's file extension says about it. Links are collected when their extension is an image, or is
// in the configurable file list; the kind then follows from the extension.
import type { MediaKind } from './types.js';

export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  'jpg', 'jpeg', 'jpe', 'jfif', 'png', 'apng', 'gif', 'webp', 'avif', 'bmp', 'tif', 'tiff', 'svg', 'ico',
  'heic', 'heif', 'jxl',
]);
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['mp4', 'm4v', 'webm', 'mkv', 'mov', 'avi', 'ogv', 'wmv', 'flv', 'mpg', 'mpeg']);
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set(['mp3', 'm4a', 'aac', 'wav', 'flac', 'ogg', 'oga', 'opus', 'wma']);

/** Files users commonly want from a page's links; the options page lets them edit this list. */
export const DEFAULT_FILE_EXTENSIONS: readonly string[] = [
  'pdf', 'zip', 'rar', '7z', 'tar', 'gz', 'tgz', 'bz2', 'xz',
  'epub', 'mobi', 'cbz', 'cbr',
  'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'rtf', 'csv',
  'mp4', 'm4v', 'webm', 'mkv', 'mov', 'avi',
  'mp3', 'm4a', 'aac', 'wav', 'flac', 'ogg', 'opus',
  'psd', 'ai', 'eps', 'raw', 'dng', 'cr2', 'nef',
  'iso', 'dmg', 'apk', 'torrent',
];

/** Lower-case extension of the URL's last path segment, without the dot ('' when there is none). */
export function urlExtension(url: URL): string {
  const path = url.pathname;
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot <= slash + 1) return '';
  const ext = path.slice(dot + 1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : '';
}

export function kindOfExtension(ext: string): MediaKind {
  if (IMAGE_EXTENSIONS.has(ext)) return 'image';
  if (VIDEO_EXTENSIONS.has(ext)) return 'video';
  if (AUDIO_EXTENSIONS.has(ext)) return 'audio';
  return 'file';
}

/** Normalises a user-typed list ("PDF, .zip mp4") into lower-case extensions without dots. */
export function normaliseExtensions(list: readonly string[] | string): string[] {
  const parts = typeof list === 'string' ? list.split(/[\s,;]+/) : list;
  const out = new Set<string>();
  for (const part of parts) {
    const ext = part.trim().replace(/^\*?\./, '').toLowerCase();
    if (/^[a-z0-9]{1,8}$/.test(ext)) out.add(ext);
  }
  return [...out];
}
