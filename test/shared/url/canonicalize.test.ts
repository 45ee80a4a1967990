// Expected values from w3lib's canonicalize_url on CPython 3.11.7 (2.2.1+ userinfo behaviour).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalizeUrl, parseQslToBytes } from '../../../shared/url/canonicalize.js';

test('sorts query arguments by name, then value', () => {
  assert.equal(canonicalizeUrl('http://www.example.com/do?c=3&b=5&b=2&a=50'), 'http://www.example.com/do?a=50&b=2&b=5&c=3');
  assert.equal(canonicalizeUrl('http://example.com/data.json?b=2&a=1'), canonicalizeUrl('http://example.com/data.json?a=1&b=2'));
  assert.equal(canonicalizeUrl('http://example.com/a?b=1;a=2'), 'http://example.com/a?a=2&b=1'); // ; separates too
});

test('keeps blank values by default (?q ≡ ?q=), drops them on request', () => {
  assert.equal(canonicalizeUrl('http://example.com/q?q'), 'http://example.com/q?q=');
  assert.equal(canonicalizeUrl('http://example.com/q?q'), canonicalizeUrl('http://example.com/q?q='));
  assert.equal(canonicalizeUrl('http://example.com/q?q&r=', { keepBlankValues: false }), 'http://example.com/q');
});

test('removes the fragment unless asked to keep it (then quoted)', () => {
  assert.equal(canonicalizeUrl('http://example.com/a#frag'), 'http://example.com/a');
  assert.equal(canonicalizeUrl('http://example.com/report.pdf#page=2'), 'http://example.com/report.pdf');
  assert.equal(canonicalizeUrl('http://example.com/a#frag x', { keepFragments: true }), 'http://example.com/a#frag%20x');
});

test('normalises escapes: %7E → ~, %c3 → %C3, but %2F and %3F stay escaped', () => {
  assert.equal(canonicalizeUrl('http://example.com/%7Euser/%c3%a9%2f%3f%2F'), 'http://example.com/~user/%C3%A9%2F%3F%2F');
  assert.equal(canonicalizeUrl('http://example.com/résumé'), 'http://example.com/r%C3%A9sum%C3%A9');
  assert.equal(canonicalizeUrl('http://example.com/?a=%c3%a9&a=%C3%A9'), 'http://example.com/?a=%C3%A9&a=%C3%A9');
  assert.equal(canonicalizeUrl('http://example.com/a?x=a+b&y=a%20b&z=%e9'), 'http://example.com/a?x=a+b&y=a+b&z=%E9');
  assert.equal(canonicalizeUrl('http://example.com/a?x=1/2~3'), 'http://example.com/a?x=1%2F2~3');
  assert.equal(canonicalizeUrl('http://example.com/?%zz=1'), 'http://example.com/?%25zz=1');
  // w3lib quirk kept: %25 in the path decodes to a bare % that is never re-escaped.
  assert.equal(canonicalizeUrl('http://example.com/a%25b'), 'http://example.com/a%b');
});

test('lower-cases the host (IDNA applied) but not the userinfo or path; drops an empty port', () => {
  assert.equal(canonicalizeUrl('http://User:Pw@EXAMPLE.com:/a'), 'http://User:Pw@example.com/a');
  assert.equal(canonicalizeUrl('HTTP://bücher.DE/A'), 'http://xn--bcher-kva.de/A');
  assert.equal(canonicalizeUrl('http://example.com'), 'http://example.com/');
  assert.equal(canonicalizeUrl('http://example.com/a;P%41?x'), 'http://example.com/a;P%41?x=');
});

test('does not merge what Scrapy keeps apart: scheme, port, path case, trailing slash', () => {
  const c = (u: string) => canonicalizeUrl(u);
  assert.notEqual(c('http://example.com/a'), c('https://example.com/a'));
  assert.notEqual(c('https://example.com:443/a'), c('https://example.com/a'));
  assert.notEqual(c('http://example.com/A'), c('http://example.com/a'));
  assert.notEqual(c('http://example.com/a/'), c('http://example.com/a'));
  assert.equal(c('http://EXAMPLE.com/a'), c('http://example.com/a'));
});

test('parseQslToBytes splits on & and ;, decodes + and escapes to raw bytes', () => {
  const dec = new TextDecoder();
  const pairs = parseQslToBytes('a=1&b+c=%41%ff;d&&e=', true).map(([k, v]) => [dec.decode(k), [...v]]);
  assert.deepEqual(pairs, [
    ['a', [0x31]],
    ['b c', [0x41, 0xff]],
    ['d', []],
    ['e', []],
  ]);
  assert.equal(parseQslToBytes('d&e=', false).length, 0);
});
