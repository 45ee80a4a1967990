// Image URLs in CSS values: `url(...)` in any quoting, and `image-set()`/`-webkit-image-set()` where only
// the highest-resolution option is kept (the others are the same picture, smaller). Gradients and other
// functions without a URL yield nothing.

const URL_TOKEN = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s]*))\s*\)/gi;
const IMAGE_SET = /(?:-webkit-)?image-set\(/gi;

export function cssImageUrls(value: string): string[] {
  if (!value || value === 'none' || !/url\(|image-set\(/i.test(value)) return [];
  const urls: string[] = [];
  let rest = value;
  IMAGE_SET.lastIndex = 0;
  for (let match = IMAGE_SET.exec(value); match; match = IMAGE_SET.exec(value)) {
    const start = match.index + match[0].length;
    const end = closingParen(value, start);
    const body = value.slice(start, end);
    const best = bestImageSetOption(body);
    if (best) urls.push(best);
    rest = rest.replace(value.slice(match.index, end + 1), ' ');
    IMAGE_SET.lastIndex = end + 1;
  }
  URL_TOKEN.lastIndex = 0;
  for (let match = URL_TOKEN.exec(rest); match; match = URL_TOKEN.exec(rest)) {
    const url = unescapeCss(match[1] ?? match[2] ?? match[3] ?? '');
    if (url) urls.push(url);
  }
  return urls;
}

function closingParen(value: string, start: number): number {
  let depth = 1;
  for (let i = start; i < value.length; i++) {
    const ch = value[i];
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return value.length;
}

/** Options are `url(a) 1x, "b" 2x, url(c) type("image/avif")`; keep the highest `x` (or `dppx`). */
function bestImageSetOption(body: string): string | undefined {
  let best: { url: string; density: number } | undefined;
  for (const option of splitOutside(body, ',')) {
    const urlMatch = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s]*))\s*\)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/i.exec(option);
    if (!urlMatch) continue;
    const url = unescapeCss(urlMatch[1] ?? urlMatch[2] ?? urlMatch[3] ?? urlMatch[4] ?? urlMatch[5] ?? '');
    const densityMatch = /(\d+(?:\.\d+)?)(x|dppx)\b/i.exec(option.slice(urlMatch.index + urlMatch[0].length));
    const density = densityMatch ? Number(densityMatch[1]) : 1;
    if (url && (!best || density > best.density)) best = { url, density };
  }
  return best?.url;
}

/**
 * Splits CSS text on `separator` where it stands outside quotes and parentheses (image-set options on
 * commas; declarations on semicolons, since data: URLs contain `;base64,`).
 */
export function splitOutside(body: string, separator: ',' | ';'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function unescapeCss(value: string): string {
  return value.replace(/\\([0-9a-f]{1,6}\s?|.)/gi, (_, escaped: string) =>
    /^[0-9a-f]/i.test(escaped) && escaped.trim().length > 0 && /^[0-9a-f]+\s?$/i.test(escaped)
      ? String.fromCodePoint(parseInt(escaped, 16))
      : escaped,
  );
}
