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
const LAZY_BACKGROUNDS: ReadonlySet<string> = new Set(LAZY_BACKGROUND_ATTRIBUTES);

/** Attribute-level sources, read in one pass over the element's attributes (it runs for every element). */
export function readInlineBackgrounds(element: Element, ctx: WalkContext): void {
  const attributes = element.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const { name, value } = attributes[i]!;
    if (!value) continue;
    if (name === 'style') {
      if (value.includes('url(') || value.includes('image-set(')) addCssValue(value, ctx, 'css');
    } else if (name === 'background') {
      ctx.collector.add(value, ctx.base, ctx.referer, { kind: 'image', source: 'css' });
    } else if (LAZY_BACKGROUNDS.has(name)) {
      if (value.includes('url(')) addCssValue(value, ctx, 'lazy');
      else ctx.collector.add(value, ctx.base, ctx.referer, { kind: 'image', source: 'lazy' });
    }
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
export function readComputedBackgrounds(element: Element, getStyle: ComputedStyleFn, ctx: WalkContext, pseudoElements = true): void {
  const background = getStyle(element).backgroundImage;
  if (background && background !== 'none') addCssValue(background, ctx, 'css');
  if (!pseudoElements) return;
  for (const pseudo of ['::before', '::after']) {
    const style = getStyle(element, pseudo);
    const content = style.content;
    if (!content || content === 'none' || content === 'normal') continue;
    const pseudoBackground = style.backgroundImage;
    if (pseudoBackground && pseudoBackground !== 'none') addCssValue(pseudoBackground, ctx, 'css-pseudo');
    if (content.includes('url(')) addCssValue(content, ctx, 'css-pseudo');
  }
}
