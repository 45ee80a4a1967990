import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDNA_CASES } from '../fixtures/oracle-cases.js';
import { IdnaError, idnaEncode, nameprep, punycodeEncode, toAsciiLabel } from '../../../shared/url/idna.js';

test('idnaEncode matches str.encode("idna") of CPython 3.11.7 (generated cases)', () => {
  for (const { host, expected } of IDNA_CASES) {
    let actual: unknown;
    try {
      actual = idnaEncode(host);
    } catch (error) {
      assert.ok(error instanceof IdnaError, `${JSON.stringify(host)} threw ${String(error)}`);
      actual = { error: 'UnicodeError' };
    }
    assert.deepEqual(actual, expected, JSON.stringify(host));
  }
});

test('IDNA 2003, not UTS #46: ß and final sigma are mapped, joiners dropped', () => {
  assert.equal(idnaEncode('straße.de'), 'strasse.de');
  assert.equal(idnaEncode('bücher.de'), 'xn--bcher-kva.de');
  assert.equal(idnaEncode('abc\u200ddef.com'), 'abcdef.com');
  assert.equal(idnaEncode('例え.テスト'), 'xn--r8jz45g.xn--zckzah');
  assert.equal(idnaEncode('日本語。jp'), 'xn--wgv71a119e.jp'); // ideographic full stop separates labels
});

test('ASCII names take the fast path: case kept, only label lengths checked', () => {
  assert.equal(idnaEncode('Example.COM'), 'Example.COM');
  assert.equal(idnaEncode('exa_mple.com.'), 'exa_mple.com.');
  assert.throws(() => idnaEncode('.example.com'), IdnaError);
  assert.throws(() => idnaEncode(`${'a'.repeat(64)}.com`), IdnaError);
});

test('nameprep prohibitions and bidi rules raise', () => {
  assert.equal(nameprep('a\u00a0b'), 'a b'); // NFKC turns NBSP into an (allowed) ASCII space
  assert.throws(() => nameprep('a\ue000b'), /Invalid character/); // private use, table C.3
  assert.throws(() => nameprep('a\u0627b'), /BIDI requirement 2/);
  assert.throws(() => nameprep('\u0627\u0661a'), /BIDI requirement 2/);
  assert.throws(() => nameprep('\u0627\u0661'), /BIDI requirement 3/);
  assert.throws(() => toAsciiLabel('xn--ü'), /ACE prefix/);
});

test('punycode matches RFC 3492 sample strings', () => {
  assert.equal(punycodeEncode('bücher'), 'bcher-kva');
  assert.equal(punycodeEncode('☃'), 'n3h');
  assert.equal(punycodeEncode('他们为什么不说中文'), 'ihqwcrb4cv8a8dqg056pqjye');
});
