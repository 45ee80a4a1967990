// Open Graph, Twitter card and schema.org image/video/audio declarations in <meta>, plus <link
// rel=image_src>. og:image:width/height describe the og:image just before them, so the reader keeps the
// last one it added.
import { cleanText, type WalkContext } from './walk-context.js';
import type { MediaEntry, MediaKind } from './types.js';

const META_KINDS: ReadonlyMap<string, MediaKind> = new Map([
  ['og:image', 'image'],
  ['og:image:url', 'image'],
  ['og:image:secure_url', 'image'],
  ['twitter:image', 'image'],
  ['twitter:image:src', 'image'],
  ['image', 'image'],
  ['thumbnailurl', 'image'],
  ['og:video', 'video'],
  ['og:video:url', 'video'],
  ['og:video:secure_url', 'video'],
  ['twitter:player:stream', 'video'],
  ['contenturl', 'video'],
  ['og:audio', 'audio'],
  ['og:audio:url', 'audio'],
  ['og:audio:secure_url', 'audio'],
]);

export class MetaReader {
  private last: MediaEntry | undefined;

  read(element: Element, ctx: WalkContext): void {
    const key = (element.getAttribute('property') ?? element.getAttribute('name') ?? element.getAttribute('itemprop') ?? '')
      .trim()
      .toLowerCase();
    if (!key) return;
    const content = element.getAttribute('content');
    if (key === 'og:image:width' || key === 'og:image:height' || key === 'og:video:width' || key === 'og:video:height') {
      this.applySize(key.endsWith('width') ? 'width' : 'height', content);
      return;
    }
    if (key === 'og:image:alt' || key === 'twitter:image:alt') {
      if (this.last && !this.last.alt) {
        const alt = cleanText(content);
        if (alt) this.last.alt = alt;
      }
      return;
    }
    const kind = META_KINDS.get(key);
    if (!kind) return;
    const entry = ctx.collector.add(content, ctx.base, ctx.referer, { kind, source: 'meta' });
    if (entry) this.last = entry;
  }

  readLink(element: Element, ctx: WalkContext): void {
    const rel = (element.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('image_src')) return;
    const entry = ctx.collector.add(element.getAttribute('href'), ctx.base, ctx.referer, { kind: 'image', source: 'meta' });
    if (entry) this.last = entry;
  }

  private applySize(dimension: 'width' | 'height', content: string | null): void {
    const number = Number(content);
    if (!this.last || !Number.isFinite(number) || number <= 0) return;
    // Only fill a size nothing else reported; a loaded <img> knows better than the page's metadata.
    if (this.last[dimension] === undefined) this.last[dimension] = Math.round(number);
  }
}
