// <img>, <picture>, <input type=image> and SVG <image>: one entry per element, at the best size the
// markup offers. Order of preference: the largest srcset candidate (srcset, lazy srcset attributes and the
// <picture>'s <source>s together), then a lazy-load attribute, then currentSrc, then src.
import { parseSrcset, largestCandidate, type SrcsetCandidate } from './srcset.js';
import { LAZY_SRCSET_ATTRIBUTES, firstAttribute, lazyValues, type LazyValues } from './lazy-attributes.js';
import { cleanText, numericAttribute, type WalkContext } from './walk-context.js';
import type { MediaSource } from './types.js';

interface Candidate extends SrcsetCandidate {
  source: MediaSource;
}

export function readImage(element: Element, ctx: WalkContext): void {
  const { collector, base } = ctx;
  const img = element as Partial<HTMLImageElement> & Element;
  const lazy = lazyValues(element);
  const candidates = srcsetCandidates(element, ctx, lazy);
  const currentSrc = typeof img.currentSrc === 'string' && img.currentSrc ? img.currentSrc : undefined;
  const srcAttribute = element.getAttribute('src') ?? undefined;

  let chosen: Candidate | undefined;
  if (candidates.length > 0) {
    // The spec makes src an implicit 1x candidate when the srcset has densities only.
    if (srcAttribute && !candidates.some((c) => c.width !== undefined)) {
      const resolved = collector.resolve(srcAttribute, base);
      if (resolved && !candidates.some((c) => (c.density ?? 1) === 1)) candidates.push({ url: resolved, density: 1, source: 'img' });
    }
    chosen = largestCandidate(candidates) as Candidate | undefined;
  }
  if (!chosen) {
    const lazySrc = collector.resolve(lazy.src, base);
    if (lazySrc) chosen = { url: lazySrc, source: 'lazy' };
  }
  if (!chosen) {
    const plain = collector.resolve(currentSrc ?? srcAttribute, base);
    if (plain) chosen = { url: plain, source: 'img' };
  }
  if (!chosen) return;

  const size = imageSize(img, element, chosen, currentSrc);
  collector.addResolved(chosen.url, ctx.referer, {
    kind: 'image',
    source: chosen.source,
    width: size.width,
    height: size.height,
    alt: cleanText(element.getAttribute('alt')),
    title: cleanText(element.getAttribute('title')),
  });
}

/** Resolved candidates from the element's srcset, its lazy srcset attributes and its <picture>'s sources. */
function srcsetCandidates(element: Element, ctx: WalkContext, lazy: LazyValues): Candidate[] {
  const out: Candidate[] = [];
  const push = (value: string | null | undefined, source: MediaSource) => {
    if (!value) return;
    for (const candidate of parseSrcset(value)) {
      const url = ctx.collector.resolve(candidate.url, ctx.base);
      if (url) out.push({ ...candidate, url, source });
    }
  };
  push(element.getAttribute('srcset'), 'srcset');
  push(lazy.srcset, 'lazy');
  const parent = element.parentElement;
  if (parent && parent.localName === 'picture') {
    for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
      if (child.localName !== 'source') continue;
      push(child.getAttribute('srcset') ?? firstAttribute(child, LAZY_SRCSET_ATTRIBUTES), 'picture');
      // A <source src> is not valid HTML but some sites write it; treat it as a 1x candidate.
      const plain = ctx.collector.resolve(child.getAttribute('src') ?? child.getAttribute('data-src'), ctx.base);
      if (plain) out.push({ url: plain, density: 1, source: 'picture' });
    }
  }
  return out;
}

function imageSize(
  img: Partial<HTMLImageElement>,
  element: Element,
  chosen: Candidate,
  currentSrc: string | undefined,
): { width?: number | undefined; height?: number | undefined } {
  const naturalWidth = typeof img.naturalWidth === 'number' ? img.naturalWidth : 0;
  const naturalHeight = typeof img.naturalHeight === 'number' ? img.naturalHeight : 0;
  const attrWidth = numericAttribute(element, 'width');
  const attrHeight = numericAttribute(element, 'height');
  const ratio =
    naturalWidth > 0 && naturalHeight > 0
      ? naturalHeight / naturalWidth
      : attrWidth && attrHeight
        ? attrHeight / attrWidth
        : undefined;
  if (chosen.width !== undefined) {
    return { width: chosen.width, height: ratio !== undefined ? Math.round(chosen.width * ratio) : undefined };
  }
  if (naturalWidth > 0 && chosen.url === currentSrc) {
    // naturalWidth is already divided by the candidate's density; undo that to get the file's pixels.
    const density = chosen.density ?? 1;
    return { width: naturalWidth * density, height: naturalHeight * density };
  }
  return { width: attrWidth, height: attrHeight };
}

/** SVG <image href> / <image xlink:href>. */
export function readSvgImage(element: Element, ctx: WalkContext): void {
  const href = element.getAttribute('href') ?? element.getAttribute('xlink:href');
  ctx.collector.add(href, ctx.base, ctx.referer, {
    kind: 'image',
    source: 'svg',
    width: numericAttribute(element, 'width'),
    height: numericAttribute(element, 'height'),
    title: cleanText(element.getAttribute('aria-label')),
  });
}
