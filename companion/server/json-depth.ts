// How deeply a JSON text nests arrays and objects, checked on the raw text before JSON.parse. V8 parses
// any depth, but JSON.stringify recurses: a 100,000-deep item would be accepted, then make every reply
// and journal line that carries it throw (the item's result silently lost). Scanning the text is one
// pass with no allocation, and string contents are skipped with indexOf rather than char by char.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** True when `text` nests deeper than `max`. Malformed text is left to JSON.parse to refuse. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i + 1);
      if (i === -1) return false;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** Index of the quote ending a string whose contents start at `from`, or -1 when it never ends. */
function closingQuote(text: string, from: number): number {
  for (let at = text.indexOf('"', from); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}
