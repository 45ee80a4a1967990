// Fingerprints computed with Scrapy's `fingerprint` transcribed on CPython 3.11.7 (hashlib + json) and,
// for the data.json pair, cross-checked with Debian's real Scrapy 2.8 `fingerprint(Request(url))`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonJsonString, requestFingerprint } from '../../../shared/url/fingerprint.js';
import { toRequestUrl } from '../../../shared/url/safe-url.js';

test('argument order does not matter: ?b=2&a=1 ≡ ?a=1&b=2', () => {
  const expected = 'c909ceb7e7e33e8f13fd9b354ab3feffc91d2908';
  assert.equal(requestFingerprint('http://example.com/data.json?b=2&a=1'), expected);
  assert.equal(requestFingerprint('http://example.com/data.json?a=1&b=2'), expected);
});

test('the fragment is ignored', () => {
  const expected = '9dcfb0d63549a93fd9b26bd5ec755502ea405447';
  assert.equal(requestFingerprint('http://example.com/report.pdf'), expected);
  assert.equal(requestFingerprint('http://example.com/report.pdf#page=2'), expected);
});

test('http vs https, :443, path case and trailing slash are distinct', () => {
  assert.equal(requestFingerprint('https://example.com/a'), '295872306680fe2427f31444361e3fc012bcbe4a');
  assert.equal(requestFingerprint('http://example.com/a'), '7f4b2fd8200202b2bb197dcdf3896e5dc9e065fb');
  assert.equal(requestFingerprint('https://example.com:443/a'), 'd41dc84f99381f3d0201c69a9775af4d8bd67f11');
  assert.equal(requestFingerprint('http://example.com/A'), '56375a8e484bbd702571044329a179610a37b0b7');
  assert.equal(requestFingerprint('http://example.com/a/'), '4191c2f030b20d4550cc7af67ecfef34d363d273');
});

test('equivalent spellings share a fingerprint: ?q ≡ ?q=, %7E ≡ ~, host case', () => {
  assert.equal(requestFingerprint('http://example.com/q?q'), '1f48f9c1aefe061260fc1c4f124be1766215f52d');
  assert.equal(requestFingerprint('http://example.com/q?q='), '1f48f9c1aefe061260fc1c4f124be1766215f52d');
  assert.equal(requestFingerprint('http://example.com/%7Euser/%c3%a9'), requestFingerprint('http://example.com/~user/%C3%A9'));
  assert.equal(requestFingerprint(toRequestUrl('http://EXAMPLE.com/A')), '56375a8e484bbd702571044329a179610a37b0b7');
});

test('method and body are part of it (method upper-cased like Request does)', () => {
  assert.equal(requestFingerprint('http://example.com/', 'POST', '613d31'), 'f5a2f223e4d94b1dfd8c72bcb1a426d1f43b96a1');
  assert.equal(requestFingerprint('http://example.com/', 'post', '613D31'), 'f5a2f223e4d94b1dfd8c72bcb1a426d1f43b96a1');
  assert.notEqual(requestFingerprint('http://example.com/', 'POST'), requestFingerprint('http://example.com/'));
});

test('non-ASCII that survives canonicalisation is \\u-escaped as json.dumps does', () => {
  const url = toRequestUrl('http://.éxample.com/😀?x=1');
  assert.equal(url, 'http://.éxample.com/%F0%9F%98%80?x=1');
  assert.equal(requestFingerprint(url), 'e4d9053e3b8f523bbe32253dee11899e03a9163a');
});

test('pythonJsonString matches json.dumps with ensure_ascii', () => {
  assert.equal(
    pythonJsonString('a"b\\c/\u0000\u001f\u007f\té😀\u2028'),
    '"a\\"b\\\\c/\\u0000\\u001f\\u007f\\t\\u00e9\\ud83d\\ude00\\u2028"',
  );
});
