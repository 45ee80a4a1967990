// Attributes lazy-loading scripts use to hold the real URL until the element scrolls into view. Read in
// this order: the first one present wins. Collected from lazysizes, lozad, vanilla-lazyload, jQuery
// lazyload, WordPress plugins and the image grabbers' bug trackers.

export const LAZY_SRC_ATTRIBUTES: readonly string[] = [
  'data-src',
  'data-original',
  'data-lazy-src',
  'data-lazy',
  'data-original-src',
  'data-full-src',
  'data-hi-res-src',
  'data-large-src',
  'data-zoom-image',
  'data-zoom-src',
  'data-actualsrc',
  'data-echo',
  'data-defer-src',
  'data-img-src',
  'data-image',
  'data-url',
  'data-lazyload',
  'lazy-src',
  'data-ll-src',
];

export const LAZY_SRCSET_ATTRIBUTES: readonly string[] = ['data-srcset', 'data-lazy-srcset', 'data-original-set', 'data-ll-srcset'];

/** Lazy backgrounds on any element (lazysizes' data-bg, vanilla-lazyload's data-bg / data-bg-hidpi, …). */
export const LAZY_BACKGROUND_ATTRIBUTES: readonly string[] = [
  'data-bg',
  'data-bg-hidpi',
  'data-background',
  'data-background-image',
  'data-bg-src',
  'data-lazy-background',
];

export function firstAttribute(element: Element, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = element.getAttribute(name);
    if (value && value.trim()) return value;
  }
  return undefined;
}

const SRC_RANK: ReadonlyMap<string, number> = new Map(LAZY_SRC_ATTRIBUTES.map((name, i) => [name, i]));
const SRCSET_RANK: ReadonlyMap<string, number> = new Map(LAZY_SRCSET_ATTRIBUTES.map((name, i) => [name, i]));

export interface LazyValues {
  src?: string;
  srcset?: string;
}

/**
 * The lazy src and srcset of an element in one pass over its attributes (a typical <img> has five or
 * six), instead of asking for each of the two dozen names: this is the hot path on image-heavy pages.
 */
export function lazyValues(element: Element): LazyValues {
  const out: LazyValues = {};
  const attributes = element.attributes;
  let srcRank = Infinity;
  let srcsetRank = Infinity;
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i]!;
    const name = attribute.name;
    if (name.length < 7 || (name.charCodeAt(0) !== 100 && name.charCodeAt(0) !== 108)) continue; // "data-…" / "lazy-src"
    const value = attribute.value;
    if (!value || !value.trim()) continue;
    const s = SRC_RANK.get(name);
    if (s !== undefined && s < srcRank) {
      srcRank = s;
      out.src = value;
      continue;
    }
    const ss = SRCSET_RANK.get(name);
    if (ss !== undefined && ss < srcsetRank) {
      srcsetRank = ss;
      out.srcset = value;
    }
  }
  return out;
}
