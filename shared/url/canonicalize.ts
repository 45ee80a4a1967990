// w3lib `canonicalize_url` (2.2.1+ semantics: only the host part of the netloc is lower-cased), the
// normal form Scrapy hashes into a request fingerprint. Two URLs that canonicalise the same are one
// download in a run (reference rule 4): `?b=2&a=1` ≡ `?a=1&b=2`, `?q` ≡ `?q=`, `#frag` ignored,
// `%7E` ≡ `~`, `%c3` ≡ `%C3`; but scheme, port, path case and a trailing slash still distinguish URLs.

import { IdnaError, idnaEncode } from './idna.js';
import {
  encodeUtf8,
  quoteFromBytes,
  quotePlusFromBytes,
  unquoteToBytes,
  urlparse,
  urlunparse,
} from './python-urlparse.js';
import { PATH_SAFE_CHARS, SAFE_CHARS, stripUrl } from './safe-url.js';

export interface CanonicalizeOptions {
  /** Keep the fragment (Scrapy's `keep_fragments`); default false. */
  keepFragments?: boolean;
  /** Keep `name` and `name=` query arguments; default true, as in w3lib and Scrapy. */
  keepBlankValues?: boolean;
}

/**
 * w3lib `parse_qsl_to_bytes`: splits on `&` *and* `;`, turns `+` into a space before percent-decoding,
 * and keeps raw bytes (so escapes that are not UTF-8 survive the round trip).
 */
export function parseQslToBytes(qs: string, keepBlankValues: boolean): Array<[Uint8Array, Uint8Array]> {
  const result: Array<[Uint8Array, Uint8Array]> = [];
  for (const field of qs.split('&')) {
    for (const nameValue of field.split(';')) {
      if (!nameValue) continue;
      const eq = nameValue.indexOf('=');
      let name: string;
      let value: string;
      if (eq < 0) {
        if (!keepBlankValues) continue;
        name = nameValue;
        value = '';
      } else {
        name = nameValue.slice(0, eq);
        value = nameValue.slice(eq + 1);
      }
      if (value.length || keepBlankValues) {
        result.push([unquoteToBytes(name.replace(/\+/g, ' ')), unquoteToBytes(value.replace(/\+/g, ' '))]);
      }
    }
  }
  return result;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return a.length - b.length;
}

// w3lib `_unquotepath`: decode every escape except `/` and `?`, which would change the URL's structure.
function unquotePath(path: string): Uint8Array {
  for (const reserved of ['2f', '2F', '3f', '3F']) {
    path = path.split('%' + reserved).join('%25' + reserved.toUpperCase());
  }
  return unquoteToBytes(path);
}

/** w3lib `canonicalize_url(url, keep_blank_values=True, keep_fragments=False, encoding=None)`. */
export function canonicalizeUrl(url: string, options: CanonicalizeOptions = {}): string {
  const keepBlankValues = options.keepBlankValues ?? true;
  const parts = urlparse(stripUrl(url));

  // w3lib `_safe_ParseResult`: IDNA over the whole netloc (userinfo and port included, as w3lib does),
  // falling back to the netloc as it is; then quote every component with its safe set.
  let netloc: string;
  try {
    netloc = idnaEncode(parts.netloc);
  } catch (error) {
    if (!(error instanceof IdnaError)) throw error;
    netloc = parts.netloc;
  }
  const path = quoteFromBytes(encodeUtf8(parts.path), PATH_SAFE_CHARS);
  const params = quoteFromBytes(encodeUtf8(parts.params), SAFE_CHARS);
  const query = quoteFromBytes(encodeUtf8(parts.query), SAFE_CHARS);
  const fragment = quoteFromBytes(encodeUtf8(parts.fragment), SAFE_CHARS);

  // Sort arguments by name then value, as raw bytes (Python's tuple-of-bytes order), and re-encode them
  // the way urlencode does (quote_plus, nothing but unreserved characters left unescaped).
  const keyvals = parseQslToBytes(query, keepBlankValues);
  keyvals.sort((a, b) => compareBytes(a[0], b[0]) || compareBytes(a[1], b[1]));
  const canonicalQuery = keyvals.map(([k, v]) => `${quotePlusFromBytes(k)}=${quotePlusFromBytes(v)}`).join('&');

  // Re-quoting the decoded path upper-cases escapes and decodes needlessly escaped characters.
  const canonicalPath = quoteFromBytes(unquotePath(path), PATH_SAFE_CHARS) || '/';

  // Lower-case the host (and drop an empty port's colon) but not the userinfo.
  const netlocParts = netloc.split('@');
  const last = netlocParts.length - 1;
  netlocParts[last] = (netlocParts[last] ?? '').toLowerCase().replace(/:+$/, '');

  return urlunparse({
    scheme: parts.scheme,
    netloc: netlocParts.join('@'),
    path: canonicalPath,
    params,
    query: canonicalQuery,
    fragment: options.keepFragments ? fragment : '',
  });
}
