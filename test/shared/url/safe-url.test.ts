// Expected values below were produced by w3lib's safe_url_string on CPython 3.11.7 (see
// test/shared/fixtures/gen-oracle-cases.py for the oracle set-up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GleanerError } from '../../../shared/errors.js';
import {
  PATH_SAFEST_CHARS,
  SPECIAL_QUERY_SAFEST_CHARS,
  USERINFO_SAFEST_CHARS,
  safeUrlString,
  stripUrl,
  toRequestUrl,
  urlHasScheme,
} from '../../../shared/url/safe-url.js';

test('lower-cases scheme and host, encodes spaces and non-ASCII as UTF-8, keeps %c3 as written', () => {
  assert.equal(
    safeUrlString("HTTPS://Example.COM/a b/%c3%a9/é?q=é x&k=it's#frag ment"),
    'https://example.com/a%20b/%c3%a9/%C3%A9?q=%C3%A9%20x&k=it%27s#frag%20ment',
  );
});

test('IDNA-encodes the host (IDNA 2003, as Python\'s codec)', () => {
  assert.equal(safeUrlString('http://bücher.de/'), 'http://xn--bcher-kva.de/');
  assert.equal(safeUrlString('http://straße.de/x'), 'http://strasse.de/x');
  assert.equal(safeUrlString('http://例え.テスト/'), 'http://xn--r8jz45g.xn--zckzah/');
  assert.equal(safeUrlString('http://münchen.de:8443/'), 'http://xn--mnchen-3ya.de:8443/');
  // An IDNA failure (empty label) keeps the host as written, non-ASCII included.
  assert.equal(safeUrlString('http://.éxample.com/résumé'), 'http://.éxample.com/r%C3%A9sum%C3%A9');
});

test('keeps dot segments, default ports, fragments; drops an empty query or fragment', () => {
  assert.equal(safeUrlString('http://example.com/./a/../b/'), 'http://example.com/./a/../b/');
  assert.equal(safeUrlString('http://example.com:80/'), 'http://example.com:80/');
  assert.equal(safeUrlString('https://example.com:443/a'), 'https://example.com:443/a');
  assert.equal(safeUrlString('http://example.com/report.pdf#page=2'), 'http://example.com/report.pdf#page=2');
  assert.equal(safeUrlString('http://example.com/#!/page'), 'http://example.com/#!/page');
  assert.equal(safeUrlString('http://example.com/?'), 'http://example.com/');
  assert.equal(safeUrlString('http://example.com/#'), 'http://example.com/');
  assert.equal(safeUrlString('https://example.com'), 'https://example.com');
});

test('port is normalised as an integer; an empty port disappears', () => {
  assert.equal(safeUrlString('http://example.com:0080/a'), 'http://example.com:80/a');
  assert.equal(safeUrlString('http://example.com:/a'), 'http://example.com/a');
  assert.equal(safeUrlString('http://example.com:0/a'), 'http://example.com:0/a');
});

test("quotes ' in the query of special schemes only", () => {
  assert.equal(safeUrlString("http://h/q?x='y'"), 'http://h/q?x=%27y%27');
  assert.equal(safeUrlString("foo://h/q?x='y'"), "foo://h/q?x='y'");
  assert.equal(safeUrlString("http://h/it's#it's"), "http://h/it's#it's");
});

test('percent-encodes what no URL standard allows: "<>`^{}|[] and controls', () => {
  assert.equal(safeUrlString('http://h/a|b[c]{d}"<>`^\\.csv'), 'http://h/a%7Cb%5Bc%5D%7Bd%7D%22%3C%3E%60%5E%5C.csv');
  assert.equal(safeUrlString('http://h/\u007f.txt'), 'http://h/%7F.txt');
  assert.equal(safeUrlString('http://h/100%/x'), 'http://h/100%/x'); // a bare % is left alone
});

test('userinfo is unquoted and re-quoted with the userinfo set', () => {
  assert.equal(safeUrlString('http://user:p%25ss@host.com:443/'), 'http://user:p%25ss@host.com:443/');
  assert.equal(safeUrlString('http://us er:p:w;d@h/'), 'http://us%20er:p%3Aw%3Bd@h/');
  assert.equal(safeUrlString('http://%41:%zz@h/'), 'http://A:%25zz@h/');
  assert.equal(safeUrlString('http://User@Example.COM/'), 'http://User@example.com/');
});

test('strips C0 controls and spaces at both ends and tabs/newlines anywhere', () => {
  assert.equal(stripUrl('\u0000 http://x/a\tb\nc\rd \u001f'), 'http://x/abcd');
  assert.equal(safeUrlString('  http://exa\tmple.com/a\nb  '), 'http://example.com/ab');
});

test('data: and other non-hierarchical URLs pass through with quoting only', () => {
  assert.equal(safeUrlString('data:image/png;base64,iVBORw0KGgo='), 'data:image/png;base64,iVBORw0KGgo=');
  assert.equal(safeUrlString('data:text/html,<p>hi there</p>'), 'data:text/html,%3Cp%3Ehi%20there%3C/p%3E');
  assert.equal(safeUrlString('mailto:someone@example.com'), 'mailto:someone@example.com');
  assert.equal(safeUrlString('http:example.com/no-slash'), 'http:///example.com/no-slash');
});

test('invalid ports, brackets and NFKC-smuggled delimiters raise like Python ValueError', () => {
  for (const url of ['http://h:65536/', 'http://h:8a/', 'http://h:+80/', 'http://[::1/', 'http://[127.0.0.1]/', 'http://ex\u2100ample.com/']) {
    assert.throws(() => safeUrlString(url), (e: unknown) => e instanceof GleanerError && e.code === 'ERR_DOWNLOAD_INVALID_URL', url);
  }
  assert.throws(() => safeUrlString('http://h/\uDC00'), /surrogates not allowed/);
});

test('IPv6 hosts keep their brackets (deliberate divergence from w3lib 2.4.1, which drops them)', () => {
  assert.equal(safeUrlString('http://[::1]:8080/a b'), 'http://[::1]:8080/a%20b');
  assert.equal(safeUrlString('http://[2001:DB8::1]/'), 'http://[2001:db8::1]/');
});

test('safe character sets are exactly w3lib\'s', () => {
  const sorted = (s: string) => [...s].sort().join('');
  const unreserved = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
  assert.equal(sorted(USERINFO_SAFEST_CHARS), sorted(unreserved + "!$&'()*+,"));
  assert.equal(sorted(PATH_SAFEST_CHARS), sorted(unreserved + ":/?@!$&'()*+,;=%"));
  assert.equal(sorted(SPECIAL_QUERY_SAFEST_CHARS), sorted(unreserved + ':/?@!$&()*+,;=%'));
});

test('is idempotent on its own output', () => {
  for (const url of ['HTTP://Bücher.DE:80/a b/é?x=%c3&y=ü#f g', 'http://h/%zz?q=\'"', 'data:,a b']) {
    const once = safeUrlString(url);
    assert.equal(safeUrlString(once), once);
  }
});

test('urlHasScheme / toRequestUrl mirror Request._set_url', () => {
  assert.ok(urlHasScheme('http://x'));
  assert.ok(urlHasScheme('data:,x'));
  assert.ok(urlHasScheme('about:blank'));
  assert.ok(!urlHasScheme('mailto:a@b'));
  assert.ok(!urlHasScheme('example.com/a'));
  assert.equal(toRequestUrl(' http://Example.com/a b '), 'http://example.com/a%20b');
  assert.throws(() => toRequestUrl('example.com/no-scheme.jpg'), /Missing scheme in request url: example.com\/no-scheme.jpg/);
  assert.throws(() => toRequestUrl('/relative/path.pdf'), /Missing scheme/);
});
