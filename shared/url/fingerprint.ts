// Scrapy's request fingerprint (`scrapy.utils.request.fingerprint`, the 2.7+ implementation and the
// only one in 2.18), the key the media pipelines use to fetch a URL once per run and share its result
// (reference rule 4-5). It is SHA1 over a JSON document, so the JSON must be byte-identical to
// `json.dumps(..., sort_keys=True)`: default separators `", "` / `": "`, and ensure_ascii escaping.

import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalizeUrl } from './canonicalize.js';

const JSON_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * Python's `json.dumps(s)` for a string with ensure_ascii=True: everything outside printable ASCII
 * (space to `~`) becomes a `\u` escape of four lower-case hex digits; astral characters become their surrogate pair,
 * which is what iterating UTF-16 units yields. `/` is not escaped.
 */
export function pythonJsonString(s: string): string {
  return (
    '"' +
    s.replace(/[\\"]|[^\u0020-\u007e]/g, (c) => JSON_ESCAPES[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) +
    '"'
  );
}

/**
 * The fingerprint of a GET (or `method`) request for `requestUrl` with the given body (hex), as the
 * lower-case hex of Scrapy's 20-byte digest. Headers are not part of it (Scrapy's default) and neither is
 * the fragment.
 *
 * `requestUrl` is `Request.url`, i.e. already passed through `safeUrlString`/`toRequestUrl`; the
 * canonicalisation is applied here. `method` is upper-cased as `Request.__init__` does.
 */
export function requestFingerprint(requestUrl: string, method = 'GET', bodyHex = ''): string {
  // json.dumps(sort_keys=True) orders keys by code point: body, headers, method, url.
  const json =
    `{"body": ${pythonJsonString(bodyHex.toLowerCase())}, "headers": {}, ` +
    `"method": ${pythonJsonString(method.toUpperCase())}, "url": ${pythonJsonString(canonicalizeUrl(requestUrl))}}`;
  return bytesToHex(sha1(utf8ToBytes(json)));
}
