// Fallback for DOMs without computed styles (a Node DOM parsing saved HTML, as `gleaner collect` does):
// reads the page's <style> sheets, and keeps a rule's background/content images when its selector
// (stripped of pseudo-elements and state pseudo-classes) matches an element of the document. That is
// "what the page shows" as closely as static HTML can say. @font-face and @import URLs are never images.
import { cssImageUrls, splitOutside } from './css-urls.js';
import type { WalkContext } from './walk-context.js';

const IMAGE_PROPERTIES = /^(background|background-image|content|list-style|list-style-image|border-image|border-image-source)$/i;
const GROUPING_AT_RULES = /^@(media|supports|layer|container|document)\b/i;
const PSEUDO_ELEMENT = /::?(before|after)\b/gi;
const STATE_PSEUDO = /:(hover|focus|focus-within|focus-visible|active|visited|link|target|checked)\b/gi;

export function readStyleSheets(root: Document | ShadowRoot, ctx: WalkContext): void {
  for (const style of Array.from(root.querySelectorAll('style'))) {
    const text = (style.textContent ?? '').replace(/\/\*[\s\S]*?\*\//g, '');
    if (text.includes('url(') || text.includes('image-set(')) readBlock(text, root, ctx);
  }
}

function readBlock(text: string, root: Document | ShadowRoot, ctx: WalkContext): void {
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf('{', pos);
    if (open < 0) return;
    const close = matchingBrace(text, open);
    // Statement at-rules (@import, @charset) end in ';' and have no block: drop them from the prelude.
    const raw = text.slice(pos, open);
    const prelude = raw.slice(raw.lastIndexOf(';') + 1).trim();
    const body = text.slice(open + 1, close);
    pos = close + 1;
    if (prelude.startsWith('@')) {
      if (GROUPING_AT_RULES.test(prelude)) readBlock(body, root, ctx);
      continue;
    }
    if (!body.includes('url(') && !body.includes('image-set(')) continue;
    const urls = declarationUrls(body);
    if (urls.length === 0) continue;
    const match = selectorMatches(prelude, root);
    if (!match) continue;
    for (const url of urls) ctx.collector.add(url, ctx.base, ctx.referer, { kind: 'image', source: match });
  }
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return text.length;
}

function declarationUrls(body: string): string[] {
  const urls: string[] = [];
  for (const declaration of splitOutside(body, ';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    if (IMAGE_PROPERTIES.test(declaration.slice(0, colon).trim())) urls.push(...cssImageUrls(declaration.slice(colon + 1)));
  }
  return urls;
}


/** 'css' or 'css-pseudo' when some selector of the list matches an element; undefined otherwise. */
function selectorMatches(selectorList: string, root: Document | ShadowRoot): 'css' | 'css-pseudo' | undefined {
  for (const raw of selectorList.split(',')) {
    const pseudo = PSEUDO_ELEMENT.test(raw);
    PSEUDO_ELEMENT.lastIndex = 0;
    const selector = raw.replace(PSEUDO_ELEMENT, '').replace(STATE_PSEUDO, '').trim() || '*';
    try {
      if (root.querySelector(selector)) return pseudo ? 'css-pseudo' : 'css';
    } catch {
      // A selector the DOM implementation cannot parse: skip it rather than guess.
    }
  }
  return undefined;
}
