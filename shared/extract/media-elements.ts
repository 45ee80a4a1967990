// <video>, <audio> (with their <source> children and posters), <object>/<embed>, and links to files.
import { LAZY_SRC_ATTRIBUTES, firstAttribute } from './lazy-attributes.js';
import { kindOfExtension, urlExtension } from './file-types.js';
import { cleanText, numericAttribute, type WalkContext } from './walk-context.js';
import type { MediaKind } from './types.js';

/**
 * One entry per <video>/<audio>: the source the browser picked (currentSrc) when there is one, else the
 * src attribute (or a lazy one), else the first <source>. The others are the same recording in other
 * formats. A video's poster is an image of its own.
 */
export function readAudioVideo(element: Element, ctx: WalkContext): void {
  const kind: MediaKind = element.localName === 'audio' ? 'audio' : 'video';
  const media = element as Partial<HTMLVideoElement> & Element;
  const title = cleanText(element.getAttribute('title') ?? element.getAttribute('aria-label'));
  let url = typeof media.currentSrc === 'string' && media.currentSrc ? media.currentSrc : undefined;
  url ??= element.getAttribute('src') ?? firstAttribute(element, LAZY_SRC_ATTRIBUTES);
  if (!url) {
    for (let child = element.firstElementChild; child && !url; child = child.nextElementSibling) {
      if (child.localName === 'source') url = child.getAttribute('src') ?? child.getAttribute('data-src') ?? undefined;
    }
  }
  const videoWidth = typeof media.videoWidth === 'number' && media.videoWidth > 0 ? media.videoWidth : undefined;
  const videoHeight = typeof media.videoHeight === 'number' && media.videoHeight > 0 ? media.videoHeight : undefined;
  ctx.collector.add(url, ctx.base, ctx.referer, {
    kind,
    source: kind,
    width: videoWidth ?? (kind === 'video' ? numericAttribute(element, 'width') : undefined),
    height: videoHeight ?? (kind === 'video' ? numericAttribute(element, 'height') : undefined),
    title,
  });
  const poster = element.getAttribute('poster') ?? element.getAttribute('data-poster');
  if (kind === 'video' && poster) {
    ctx.collector.add(poster, ctx.base, ctx.referer, { kind: 'image', source: 'poster', title });
  }
}

/** What a URL's extension makes it, or undefined when it is neither an image nor a listed file type. */
function classify(url: string, ctx: WalkContext): MediaKind | undefined {
  let ext: string;
  try {
    ext = urlExtension(new URL(url));
  } catch {
    return undefined;
  }
  if (!ext) return undefined;
  const kind = kindOfExtension(ext);
  if (kind === 'image' || ctx.fileExtensions.has(ext)) return kind;
  return undefined;
}

/** <a href> and <area href>: images by extension, files by the configured list, and download links. */
export function readLink(element: Element, ctx: WalkContext): void {
  const url = ctx.collector.resolve(element.getAttribute('href'), ctx.base);
  if (!url || url.startsWith('data:')) return;
  let kind = classify(url, ctx);
  // <a download> says "this is a file" whatever the URL looks like (e.g. /get?id=3).
  if (!kind && element.hasAttribute('download')) kind = 'file';
  if (!kind) return;
  ctx.collector.addResolved(url, ctx.referer, {
    kind,
    source: 'link',
    title: cleanText(element.getAttribute('title') ?? element.getAttribute('aria-label') ?? element.textContent, 200),
  });
}

/** <object data> and <embed src>: kept when the extension says image or a listed file type (PDFs). */
export function readEmbedded(element: Element, ctx: WalkContext): void {
  const raw = element.localName === 'object' ? element.getAttribute('data') : element.getAttribute('src');
  const url = ctx.collector.resolve(raw, ctx.base);
  if (!url) return;
  const kind = classify(url, ctx);
  if (!kind) return;
  ctx.collector.addResolved(url, ctx.referer, {
    kind,
    source: 'object',
    width: numericAttribute(element, 'width'),
    height: numericAttribute(element, 'height'),
    title: cleanText(element.getAttribute('title')),
  });
}
