// CSS images: inline style attributes, legacy background="" attributes, lazy background attributes, and
// computed styles of elements and their ::before/::after. Computed styles exist only in a browser; in a
// Node DOM the walker falls back to style-rules.ts, which reads <style> sheets instead.
import { cssImageUrls } from './css-urls.js';
import { LAZY_BACKGROUND_ATTRIBUTES } from './lazy-attributes.js';
import type { WalkContext } from './walk-context.js';
import type { MediaSource } from './types.js';

type ComputedStyleFn = (element: Element, pseudo?: string | null) => CSSStyleDeclaration;

function addCssValue(value: string | null | undefined, ctx: WalkContext, source: MediaSource): void {
  if (!value) return;
  for (const url of cssImageUrls(value)) ctx.collector.add(url, ctx.base, ctx.referer, { kind: 'image', source });
}

/** Attribute-level sources, cheap enough for every element. */
export function readInlineBackgrounds(element: Element, ctx: WalkContext): void {
  const style = element.getAttribute('style');
  if (style && (style.includes('url(') || style.includes('image-set('))) addCssValue(style, ctx, 'css');
  const legacy = element.getAttribute('background');
  if (legacy) ctx.collector.add(legacy, ctx.base, ctx.referer, { kind: 'image', source: 'css' });
  for (const name of LAZY_BACKGROUND_ATTRIBUTES) {
    const value = element.getAttribute(name);
    if (!value) continue;
    if (value.includes('url(')) addCssValue(value, ctx, 'lazy');
    else ctx.collector.add(value, ctx.base, ctx.referer, { kind: 'image', source: 'lazy' });
  }
}

/** The computed-style reader of a document, or undefined outside a browser. */
export function computedStyleOf(document: Document): ComputedStyleFn | undefined {
  const view = document.defaultView as (Window & typeof globalThis) | null;
  if (!view || typeof view.getComputedStyle !== 'function') return undefined;
  return (element, pseudo) => view.getComputedStyle(element, pseudo);
}

/**
 * background-image of the element, and background-image and content of its ::before/::after. A pseudo
 * element whose content is none/normal is not rendered, so its background is not shown and is skipped.
 */
export function readComputedBackgrounds(element: Element, getStyle: ComputedStyleFn, ctx: WalkContext): void {
  const background = getStyle(element).backgroundImage;
  if (background && background !== 'none') addCssValue(background, ctx, 'css');
  for (const pseudo of ['::before', '::after']) {
    const style = getStyle(element, pseudo);
    const content = style.content;
    if (!content || content === 'none' || content === 'normal') continue;
    const pseudoBackground = style.backgroundImage;
    if (pseudoBackground && pseudoBackground !== 'none') addCssValue(pseudoBackground, ctx, 'css-pseudo');
    if (content.includes('url(')) addCssValue(content, ctx, 'css-pseudo');
  }
}
