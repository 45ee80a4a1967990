// A faithful port of the parts of CPython 3.11's `urllib.parse` (and the `ipaddress` checks it calls)
// that w3lib and Scrapy's naming rules depend on. Python semantics are kept on purpose, quirks included:
// Scrapy's file names and request fingerprints are SHA1s of strings these functions build, so "close to
// WHATWG" is not good enough. Pure: no node:* imports, no DOM APIs beyond TextEncoder/TextDecoder.
//
// Python strings are sequences of code points, JavaScript strings of UTF-16 units. Every delimiter here is
// ASCII, and an ASCII unit never occurs inside a surrogate pair, so index arithmetic around delimiters gives
// the same substrings in both languages.

import { GleanerError } from '../errors.js';

export interface SplitResult {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

export interface ParseResult extends SplitResult {
  params: string;
}

/** The error Python raises as ValueError/UnicodeError for a URL it cannot handle. */
export class PythonValueError extends GleanerError {
  constructor(message: string) {
    super('ERR_DOWNLOAD_INVALID_URL', message);
    this.name = 'PythonValueError';
  }
}

// urllib.parse module constants (3.11).
export const USES_NETLOC: ReadonlySet<string> = new Set([
  '', 'ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews',
  'prospero', 'rtsp', 'rtsps', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws', 'wss',
]);
export const USES_PARAMS: ReadonlySet<string> = new Set([
  '', 'ftp', 'hdl', 'prospero', 'http', 'imap', 'https', 'shttp', 'rtsp', 'rtsps', 'rtspu', 'sip', 'sips', 'mms',
  'sftp', 'tel',
]);
const SCHEME_CHARS = /^[A-Za-z0-9+\-.]*$/;
// _WHATWG_C0_CONTROL_OR_SPACE: U+0000..U+0020.
const LEADING_C0_OR_SPACE = /^[\u0000-\u0020]+/;
const C0_OR_SPACE_BOTH_ENDS = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
const UNSAFE_URL_BYTES = /[\t\r\n]/g;

/** `urllib.parse.urlsplit(url, scheme, allow_fragments)` from CPython 3.11.7. */
export function urlsplit(input: string, defaultScheme = '', allowFragments = true): SplitResult {
  // Only the left side is stripped: some applications rely on trailing spaces (CPython comment).
  let url = input.replace(LEADING_C0_OR_SPACE, '').replace(UNSAFE_URL_BYTES, '');
  let scheme = defaultScheme.replace(C0_OR_SPACE_BOTH_ENDS, '').replace(UNSAFE_URL_BYTES, '');
  let netloc = '';
  let query = '';
  let fragment = '';
  const i = url.indexOf(':');
  if (i > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, i))) {
    scheme = url.slice(0, i).toLowerCase();
    url = url.slice(i + 1);
  }
  if (url.startsWith('//')) {
    [netloc, url] = splitNetloc(url, 2);
    const open = netloc.includes('[');
    const close = netloc.includes(']');
    if (open !== close) throw new PythonValueError('Invalid IPv6 URL');
    if (open && close) checkBracketedHost(partition(partition(netloc, '[')[2], ']')[0]);
  }
  if (allowFragments && url.includes('#')) [url, fragment] = splitOnce(url, '#');
  if (url.includes('?')) [url, query] = splitOnce(url, '?');
  checkNetloc(netloc);
  return { scheme, netloc, path: url, query, fragment };
}

/** `urllib.parse.urlparse`: urlsplit plus `;params` of the last path segment for `uses_params` schemes. */
export function urlparse(url: string, defaultScheme = '', allowFragments = true): ParseResult {
  const split = urlsplit(url, defaultScheme, allowFragments);
  let path = split.path;
  let params = '';
  if (USES_PARAMS.has(split.scheme) && path.includes(';')) [path, params] = splitParams(path);
  return { ...split, path, params };
}

function splitParams(url: string): [string, string] {
  let i: number;
  if (url.includes('/')) {
    i = url.indexOf(';', url.lastIndexOf('/'));
    if (i < 0) return [url, ''];
  } else {
    i = url.indexOf(';');
  }
  return [url.slice(0, i), url.slice(i + 1)];
}

function splitNetloc(url: string, start: number): [string, string] {
  let delim = url.length;
  for (const c of '/?#') {
    const w = url.indexOf(c, start);
    if (w >= 0) delim = Math.min(delim, w);
  }
  return [url.slice(start, delim), url.slice(delim)];
}

// Rejects netlocs like "ex\u2100.com" whose NFKC form smuggles in a delimiter (CVE-2019-9636 fix).
function checkNetloc(netloc: string): void {
  if (!netloc || isAscii(netloc)) return;
  const n = netloc.replace(/[@:#?]/g, '');
  const normalized = n.normalize('NFKC');
  if (n === normalized) return;
  for (const c of '/?#@:') {
    if (normalized.includes(c)) {
      throw new PythonValueError(`netloc '${netloc}' contains invalid characters under NFKC normalization`);
    }
  }
}

// _check_bracketed_host (3.11.4+): brackets must hold an IPv6 address or an IPvFuture literal.
function checkBracketedHost(hostname: string): void {
  if (hostname.startsWith('v')) {
    if (!/^v[a-fA-F0-9]+\.[^\n]+$/.test(hostname)) throw new PythonValueError('IPvFuture address is invalid');
    return;
  }
  if (isIPv4Address(hostname)) throw new PythonValueError('An IPv4 address cannot be in brackets');
  if (!isIPv6Address(hostname)) {
    throw new PythonValueError(`'${hostname}' does not appear to be an IPv4 or IPv6 address`);
  }
}

/** `ipaddress.IPv4Address(s)` accepts s: four decimal octets, no leading zeros, each <= 255. */
export function isIPv4Address(s: string): boolean {
  if (!s || s.includes('/')) return false;
  const octets = s.split('.');
  if (octets.length !== 4) return false;
  return octets.every((o) => /^[0-9]{1,3}$/.test(o) && (o === '0' || o[0] !== '0') && Number(o) <= 255);
}

/** `ipaddress.IPv6Address(s)` accepts s (optional `%scope`, optional dotted IPv4 tail). */
export function isIPv6Address(s: string): boolean {
  if (s.includes('/')) return false;
  const [addr, sep, scope] = partition(s, '%');
  if (sep && (!scope || scope.includes('%'))) return false;
  if (!addr) return false;
  const parts = addr.split(':');
  if (parts.length < 3) return false;
  const last = parts[parts.length - 1] ?? '';
  if (last.includes('.')) {
    if (!isIPv4Address(last)) return false;
    parts.splice(parts.length - 1, 1, '0', '0'); // two hextets; only validity matters here
  }
  if (parts.length > 9) return false;
  let skip = -1;
  for (let i = 1; i < parts.length - 1; i++) {
    if (!parts[i]) {
      if (skip !== -1) return false;
      skip = i;
    }
  }
  let hi: number;
  let lo: number;
  if (skip !== -1) {
    hi = skip;
    lo = parts.length - skip - 1;
    if (!parts[0]) {
      hi -= 1;
      if (hi) return false;
    }
    if (!parts[parts.length - 1]) {
      lo -= 1;
      if (lo) return false;
    }
    if (8 - (hi + lo) < 1) return false;
  } else {
    if (parts.length !== 8 || !parts[0] || !parts[parts.length - 1]) return false;
    hi = parts.length;
    lo = 0;
  }
  const hextets = [...parts.slice(0, hi), ...(lo ? parts.slice(-lo) : [])];
  return hextets.every((h) => /^[0-9a-fA-F]{1,4}$/.test(h));
}

/** `SplitResult.username` / `.password` (None → null). */
export function netlocUserinfo(netloc: string): { username: string | null; password: string | null } {
  const [userinfo, haveInfo] = rpartition(netloc, '@');
  if (!haveInfo) return { username: null, password: null };
  const [username, havePassword, password] = partition(userinfo, ':');
  return { username, password: havePassword ? password : null };
}

function hostinfo(netloc: string): [string, string | null] {
  const hostinfoPart = rpartition(netloc, '@')[2];
  const [, haveOpenBr, bracketed] = partition(hostinfoPart, '[');
  let hostname: string;
  let port: string;
  if (haveOpenBr) {
    let rest: string;
    [hostname, , rest] = partition(bracketed, ']');
    port = partition(rest, ':')[2];
  } else {
    [hostname, , port] = partition(hostinfoPart, ':');
  }
  return [hostname, port ? port : null];
}

/** `SplitResult.hostname`: lower-cased (except an IPv6 zone id), brackets removed, null when empty. */
export function netlocHostname(netloc: string): string | null {
  const hostname = hostinfo(netloc)[0];
  if (!hostname) return null;
  const [host, percent, zone] = partition(hostname, '%');
  return host.toLowerCase() + percent + zone;
}

/** `SplitResult.port`: an int, null when absent, a ValueError when not ASCII digits or out of range. */
export function netlocPort(netloc: string): number | null {
  const port = hostinfo(netloc)[1];
  if (port === null) return null;
  if (!/^[0-9]+$/.test(port)) {
    throw new PythonValueError(`Port could not be cast to integer value as ${pythonRepr(port)}`);
  }
  const value = Number(port);
  if (!(value >= 0 && value <= 65535)) throw new PythonValueError('Port out of range 0-65535');
  return value;
}

/** `urllib.parse.urlunsplit` (3.11: a path starting with `//` and no netloc is not re-prefixed). */
export function urlunsplit({ scheme, netloc, path, query, fragment }: SplitResult): string {
  let url = path;
  if (netloc || (scheme && USES_NETLOC.has(scheme) && url.slice(0, 2) !== '//')) {
    if (url && url[0] !== '/') url = '/' + url;
    url = '//' + netloc + url;
  }
  if (scheme) url = scheme + ':' + url;
  if (query) url += '?' + query;
  if (fragment) url += '#' + fragment;
  return url;
}

/** `urllib.parse.urlunparse`. */
export function urlunparse(parts: ParseResult): string {
  const path = parts.params ? `${parts.path};${parts.params}` : parts.path;
  return urlunsplit({ ...parts, path });
}

/** `urllib.parse._splittype`: ('scheme' lower-cased, rest) when the string starts with `[^/:]+:`. */
export function splitType(url: string): [string | null, string] {
  const m = /^([^/:]+):([\s\S]*)$/.exec(url);
  if (m) return [(m[1] ?? '').toLowerCase(), m[2] ?? ''];
  return [null, url];
}

// ---- percent-encoding -------------------------------------------------------------------------------

const ALWAYS_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~';
const HEX = '0123456789ABCDEF';
const safeTables = new Map<string, Uint8Array>();

function safeTable(safe: string): Uint8Array {
  let table = safeTables.get(safe);
  if (!table) {
    table = new Uint8Array(256);
    for (const c of ALWAYS_SAFE + safe) {
      const code = c.charCodeAt(0);
      if (code < 128) table[code] = 1; // Python drops non-ASCII "safe" characters
    }
    safeTables.set(safe, table);
  }
  return table;
}

/** `urllib.parse.quote_from_bytes(bs, safe)`: upper-case %XX for every byte not always-safe nor in safe. */
export function quoteFromBytes(bytes: Uint8Array, safe = '/'): string {
  const table = safeTable(safe);
  let out = '';
  for (const b of bytes) {
    out += table[b] ? String.fromCharCode(b) : '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

/** `urllib.parse.quote(str, safe)` with the default UTF-8/strict encoding. */
export function quote(s: string, safe = '/'): string {
  return quoteFromBytes(encodeUtf8(s), safe);
}

/** `urllib.parse.quote_plus(bytes, safe)`: spaces become `+`. */
export function quotePlusFromBytes(bytes: Uint8Array, safe = ''): string {
  if (!bytes.includes(0x20)) return quoteFromBytes(bytes, safe);
  return quoteFromBytes(bytes, safe + ' ').replace(/ /g, '+');
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** `urllib.parse.unquote_to_bytes(str)`: the string as UTF-8, with every valid %XX decoded. */
export function unquoteToBytes(s: string): Uint8Array {
  const bytes = encodeUtf8(s);
  if (!bytes.includes(0x25)) return bytes;
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0x25 && i + 2 < bytes.length) {
      const h = hexValue(bytes[i + 1] ?? 0);
      const l = hexValue(bytes[i + 2] ?? 0);
      if (h >= 0 && l >= 0) {
        out[n++] = (h << 4) | l;
        i += 2;
        continue;
      }
    }
    out[n++] = b;
  }
  return out.slice(0, n);
}

/**
 * `urllib.parse.unquote(str)` (UTF-8, errors='replace'): only runs of ASCII are unquoted, so escapes
 * that straddle a literal non-ASCII character are not joined, exactly as in CPython.
 */
export function unquote(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/[\u0000-\u007f]+/g, (run) => decodeUtf8Replace(unquoteToBytes(run)));
}

// ---- UTF-8 ------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `str.encode('utf-8')` (strict): a lone surrogate raises, as it does in Python. */
export function encodeUtf8(s: string): Uint8Array {
  if (LONE_SURROGATE.test(s)) {
    throw new PythonValueError("'utf-8' codec can't encode a lone surrogate: surrogates not allowed");
  }
  return encoder.encode(s);
}

/** `bytes.decode('utf-8', 'replace')`. */
export function decodeUtf8Replace(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

// ---- small Python string helpers ------------------------------------------------------------------

export function isAscii(s: string): boolean {
  return /^[\u0000-\u007f]*$/.test(s);
}

/** `str.partition(sep)`. */
export function partition(s: string, sep: string): [string, string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)];
}

/** `str.rpartition(sep)`. */
export function rpartition(s: string, sep: string): [string, string, string] {
  const i = s.lastIndexOf(sep);
  return i < 0 ? ['', '', s] : [s.slice(0, i), sep, s.slice(i + sep.length)];
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return [s.slice(0, i), s.slice(i + sep.length)];
}

/** A close-enough `repr()` for messages: single quotes unless the string contains one. */
function pythonRepr(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/'/g, "\\'")}'`;
}
