// Reading one media URL from one element, the way a preset's URL rule says: the listed attributes in
// order, the first that holds a usable URL wins. srcset attributes give their largest candidate (so
// lazy-loaded, responsive images come out at full size), CSS values give their url(…), and sizes come
// along when the markup tells them, for the dimension filters.
import { cssImageUrls } from '../extract/css-urls.js';
import { LAZY_SRC_ATTRIBUTES, LAZY_SRCSET_ATTRIBUTES } from '../extract/lazy-attributes.js';
import { parseSrcset, largestCandidate } from '../extract/srcset.js';
import { numericAttribute } from '../extract/walk-context.js';

/** Attributes read when a URL rule lists none. */
export const DEFAULT_URL_ATTRIBUTES: readonly string[] = [
  'srcset',
  ...LAZY_SRCSET_ATTRIBUTES,
  ...LAZY_SRC_ATTRIBUTES,
  'src',
  'href',
  'content',
  'data',
  'poster',
];

/** Resolves raw attribute text to an absolute, fetchable URL, or undefined. */
export type ResolveUrl = (raw: string) => string | undefined;

export interface FoundUrl {
  url: string;
  /** The attribute it came from. */
  attribute: string;
  width?: number;
  height?: number;
}

// Attributes that point at another resource rather than describe this element's picture: the
// element's width/height say nothing about what they point to.
const NOT_THIS_PICTURE = new Set(['href', 'content', 'data-url', 'data-full-url', 'data-orig-file', 'data-large-file']);

export function readUrl(element: Element, attributes: readonly string[], resolve: ResolveUrl): FoundUrl | undefined {
  for (const attribute of attributes) {
    const value = element.getAttribute(attribute);
    if (!value || !value.trim()) continue;
    if (/srcset$/i.test(attribute)) {
      const candidates = parseSrcset(value).flatMap((candidate) => {
        const url = resolve(candidate.url);
        return url ? [{ ...candidate, url }] : [];
      });
      const best = largestCandidate(candidates);
      if (!best) continue;
      const found: FoundUrl = { url: best.url, attribute };
      const w = numericAttribute(element, 'width');
      const h = numericAttribute(element, 'height');
      if (best.width !== undefined) {
        found.width = best.width;
        if (w && h) found.height = Math.round((best.width * h) / w);
      } else if (w && h) {
        // A density candidate (2x) has that many times the pixels of the element's displayed size.
        const density = best.density ?? 1;
        found.width = Math.round(w * density);
        found.height = Math.round(h * density);
      }
      return found;
    }
    const raw = attribute === 'style' || value.includes('url(') ? cssImageUrls(value)[0] : value;
    const url = raw === undefined ? undefined : resolve(raw);
    if (!url) continue;
    return withElementSize({ url, attribute }, element);
  }
  return undefined;
}

/** The element's own size: the loaded picture's (in a browser), else its width/height attributes. */
function withElementSize(found: FoundUrl, element: Element): FoundUrl {
  if (NOT_THIS_PICTURE.has(found.attribute) || found.attribute === 'style') return found;
  const img = element as Partial<HTMLImageElement>;
  if (found.attribute === 'src' && typeof img.naturalWidth === 'number' && img.naturalWidth > 0 && img.currentSrc === found.url) {
    found.width = img.naturalWidth;
    if (typeof img.naturalHeight === 'number' && img.naturalHeight > 0) found.height = img.naturalHeight;
    return found;
  }
  const width = numericAttribute(element, 'width');
  const height = numericAttribute(element, 'height');
  if (width !== undefined) found.width = width;
  if (height !== undefined) found.height = height;
  return found;
}
