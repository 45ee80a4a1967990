// Python's built-in "idna" codec (`str.encode("idna")`, CPython 3.11 `encodings/idna.py`), which is what
// w3lib's safe_url_string and canonicalize_url call on host names. That codec implements IDNA 2003
// (RFC 3490 ToASCII with nameprep, RFC 3491, over Unicode 3.2 tables), *not* UTS #46 / IDNA 2008 as
// `new URL()` and browsers do: "straße.de" becomes "strasse.de" here but "xn--strae-oqa.de" in a browser.
// Scrapy names files after the Python result, so we port the codec rather than borrow the platform's.
//
// The tables come from CPython itself (shared/url/idna-tables.ts, generated). NFKC is the platform's
// `normalize('NFKC')` restricted to code points assigned in Unicode 3.2, which gives NFKC 3.2.

import { B1, B2, D1, D2, NFKC32_CORRECTIONS, PROHIBITED, UNASSIGNED_32 } from './idna-tables.js';
import { PythonValueError, isAscii } from './python-urlparse.js';

/** Python's UnicodeError from the codec; w3lib catches it and falls back to the raw host. */
export class IdnaError extends PythonValueError {
  constructor(message: string) {
    super(message);
    this.name = 'IdnaError';
  }
}

type Ranges = Array<[number, number]>;

interface Tables {
  b1: Ranges;
  b2: Map<number, string>;
  prohibited: Ranges;
  d1: Ranges;
  d2: Ranges;
  unassigned32: Ranges;
  corrections: Map<number, string>;
}

let tables: Tables | undefined;

function parseRanges(text: string): Ranges {
  return text.split(',').map((item) => {
    const [a = '', b] = item.split('-');
    const start = parseInt(a, 16);
    return [start, b === undefined ? start : parseInt(b, 16)];
  });
}

function parseMap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const entry of text.split(';')) {
    if (!entry) continue;
    const [cp = '', mapped = ''] = entry.split('=');
    map.set(parseInt(cp, 16), String.fromCodePoint(...mapped.split(' ').map((h) => parseInt(h, 16))));
  }
  return map;
}

// Decoded on first use: most URLs have ASCII hosts and never need them.
function getTables(): Tables {
  tables ??= {
    b1: parseRanges(B1),
    b2: parseMap(B2),
    prohibited: parseRanges(PROHIBITED),
    d1: parseRanges(D1),
    d2: parseRanges(D2),
    unassigned32: parseRanges(UNASSIGNED_32),
    corrections: parseMap(NFKC32_CORRECTIONS),
  };
  return tables;
}

function inRanges(ranges: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid] ?? [0, -1];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

// NFKC as of Unicode 3.2: code points unassigned in 3.2 are inert starters, so normalising the runs
// between them with the platform's (newer) NFKC and keeping them as they are equals NFKC 3.2, apart
// from the few decompositions corrected since, which are applied from the table.
function nfkc32(s: string, t: Tables): string {
  let out = '';
  let run = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const corrected = t.corrections.get(cp);
    if (corrected !== undefined || inRanges(t.unassigned32, cp)) {
      out += run.normalize('NFKC') + (corrected ?? ch);
      run = '';
    } else {
      run += ch;
    }
  }
  return out + run.normalize('NFKC');
}

/** RFC 3491 nameprep as `encodings.idna.nameprep` does it (AllowUnassigned). */
export function nameprep(label: string): string {
  const t = getTables();
  let mapped = '';
  for (const ch of label) {
    const cp = ch.codePointAt(0) ?? 0;
    if (inRanges(t.b1, cp)) continue;
    mapped += t.b2.get(cp) ?? ch;
  }
  const normalized = nfkc32(mapped, t);
  const cps = Array.from(normalized, (ch) => ch.codePointAt(0) ?? 0);
  for (const cp of cps) {
    if (inRanges(t.prohibited, cp)) {
      throw new IdnaError(`Invalid character '${String.fromCodePoint(cp)}'`);
    }
  }
  const randAL = cps.map((cp) => inRanges(t.d1, cp));
  if (randAL.some(Boolean)) {
    if (cps.some((cp) => inRanges(t.d2, cp))) throw new IdnaError('Violation of BIDI requirement 2');
    if (!randAL[0] || !randAL[randAL.length - 1]) throw new IdnaError('Violation of BIDI requirement 3');
  }
  return normalized;
}

// RFC 3492 punycode encoder (Python's "punycode" codec produces the same output).
const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;

function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) >> 1) {
    d = Math.floor(d / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * d) / (d + SKEW));
}

function digit(d: number): string {
  return String.fromCharCode(d < 26 ? 97 + d : 22 + d);
}

export function punycodeEncode(input: string): string {
  const cps = Array.from(input, (ch) => ch.codePointAt(0) ?? 0);
  let output = cps.filter((cp) => cp < 0x80).map((cp) => String.fromCharCode(cp)).join('');
  const basic = output.length;
  let handled = basic;
  if (basic > 0) output += '-';
  let n = 0x80;
  let delta = 0;
  let bias = 72;
  while (handled < cps.length) {
    let m = Infinity;
    for (const cp of cps) if (cp >= n && cp < m) m = cp;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const cp of cps) {
      if (cp < n) delta++;
      if (cp === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
          if (q < t) break;
          output += digit(t + ((q - t) % (BASE - t)));
          q = Math.floor((q - t) / (BASE - t));
        }
        output += digit(q);
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output;
}

function checkLength(label: string): string {
  if (label.length > 0 && label.length < 64) return label;
  throw new IdnaError('label empty or too long');
}

/** `encodings.idna.ToASCII(label)` (UseSTD3ASCIIRules false, so no hyphen or character checks). */
export function toAsciiLabel(label: string): string {
  if (isAscii(label)) return checkLength(label);
  const prepared = nameprep(label);
  if (isAscii(prepared)) return checkLength(prepared);
  if (prepared.startsWith('xn--')) throw new IdnaError('Label starts with ACE prefix');
  return checkLength('xn--' + punycodeEncode(prepared));
}

/**
 * `input.encode("idna")` as an ASCII string. ASCII input takes the codec's fast path: returned unchanged
 * (case kept) once label lengths are checked. Throws IdnaError where Python raises UnicodeError.
 */
export function idnaEncode(input: string): string {
  if (!input) return '';
  if (isAscii(input)) {
    const labels = input.split('.');
    for (const label of labels.slice(0, -1)) {
      if (!(label.length > 0 && label.length < 64)) throw new IdnaError('label empty or too long');
    }
    if ((labels[labels.length - 1] ?? '').length >= 64) throw new IdnaError('label too long');
    return input;
  }
  const labels = input.split(/[.\u3002\uFF0E\uFF61]/);
  let trailingDot = '';
  if (labels.length > 0 && !labels[labels.length - 1]) {
    trailingDot = '.';
    labels.pop();
  }
  return labels.map(toAsciiLabel).join('.') + trailingDot;
}
