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
