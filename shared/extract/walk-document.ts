// The walk: one pass over every element of a document (querySelectorAll('*') is the fastest full
// traversal browsers offer), dispatching on the element's local name, then into open shadow roots and
// same-origin frames, each with its own base URL and Referer.
import { readImage, readSvgImage } from './image-elements.js';
import { readAudioVideo, readEmbedded, readLink } from './media-elements.js';
import { MetaReader } from './meta-tags.js';
import { computedStyleOf, readComputedBackgrounds, readInlineBackgrounds } from './css-backgrounds.js';
import { readStyleSheets } from './style-rules.js';
import type { MediaCollector } from './media-collector.js';
import type { WalkContext } from './walk-context.js';

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** Elements that never paint a background: computed styles are not worth asking for. */
const NOT_RENDERED = new Set(['head', 'meta', 'link', 'script', 'style', 'title', 'base', 'noscript', 'template', 'source', 'track', 'param', 'br', 'wbr', 'option', 'optgroup', 'datalist']);
/** Replaced and void elements have no ::before/::after: one style lookup instead of three (10,000 <img>s). */
const NO_PSEUDO_ELEMENTS = new Set(['img', 'input', 'video', 'audio', 'iframe', 'frame', 'embed', 'object', 'canvas', 'textarea', 'select', 'hr', 'area', 'picture']);

export interface WalkSettings {
  collector: MediaCollector;
  fileExtensions: ReadonlySet<string>;
  computedStyles: boolean;
  shadowRoots: boolean;
  frames: boolean;
}

export interface WalkStats {
  elements: number;
}

/** Walks `document` (whose address is `documentUrl`) and everything reachable from it. */
export function walkDocument(document: Document, documentUrl: string, settings: WalkSettings, stats: WalkStats): void {
  const ctx: WalkContext = {
    collector: settings.collector,
    fileExtensions: settings.fileExtensions,
    base: baseUrl(document, documentUrl),
    referer: documentUrl,
  };
  walkRoot(document, ctx, settings, stats, new MetaReader());
}

function walkRoot(root: Document | ShadowRoot, ctx: WalkContext, settings: WalkSettings, stats: WalkStats, meta: MetaReader): void {
  const ownerDocument = 'defaultView' in root ? root : root.ownerDocument;
  const getStyle = settings.computedStyles ? computedStyleOf(ownerDocument) : undefined;
  if (!getStyle) readStyleSheets(root, ctx);
  const elements = root.querySelectorAll('*');
  stats.elements += elements.length;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i]!;
    switch (element.localName) {
      case 'img':
        readImage(element, ctx);
        break;
      case 'input':
        if ((element.getAttribute('type') ?? '').toLowerCase() === 'image') readImage(element, ctx);
        break;
      case 'image':
        readSvgImage(element, ctx);
        break;
      case 'video':
      case 'audio':
        readAudioVideo(element, ctx);
        break;
      case 'a':
      case 'area':
        readLink(element, ctx);
        break;
      case 'object':
      case 'embed':
        readEmbedded(element, ctx);
        break;
      case 'meta':
        meta.read(element, ctx);
        break;
      case 'link':
        meta.readLink(element, ctx);
        break;
      case 'iframe':
      case 'frame':
        if (settings.frames) walkFrame(element, ctx, settings, stats);
        break;
    }
    readInlineBackgrounds(element, ctx);
    if (getStyle && element.namespaceURI === HTML_NAMESPACE && !NOT_RENDERED.has(element.localName)) {
      readComputedBackgrounds(element, getStyle, ctx, !NO_PSEUDO_ELEMENTS.has(element.localName));
    }
    if (settings.shadowRoots) {
      const shadow = (element as Element & { shadowRoot?: ShadowRoot | null }).shadowRoot;
      if (shadow) walkRoot(shadow, ctx, settings, stats, meta);
    }
  }
}

/** A frame's document is readable only when it is same-origin; reading a cross-origin one throws or is null. */
function walkFrame(element: Element, ctx: WalkContext, settings: WalkSettings, stats: WalkStats): void {
  let frameDocument: Document | null | undefined;
  try {
    frameDocument = (element as HTMLIFrameElement).contentDocument;
  } catch {
    return;
  }
  if (!frameDocument || !frameDocument.documentElement) return;
  const url = frameDocument.URL;
  // about:blank and srcdoc frames inherit their parent's base and Referer.
  const frameUrl = url && /^https?:/i.test(url) ? url : ctx.referer;
  const frameCtx: WalkContext = { ...ctx, base: url && /^https?:/i.test(url) ? baseUrl(frameDocument, frameUrl) : ctx.base, referer: frameUrl };
  walkRoot(frameDocument, frameCtx, settings, stats, new MetaReader());
}

/** The document's <base href> resolved against its URL; DOMs outside browsers do not resolve it for us. */
export function baseUrl(document: Document, documentUrl: string): string {
  const href = document.querySelector('base[href]')?.getAttribute('href');
  if (!href) return documentUrl;
  try {
    return new URL(href, documentUrl).href;
  } catch {
    return documentUrl;
  }
}
