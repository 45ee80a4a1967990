// Expected values from `mimetypes.MimeTypes()` (built-in tables only) on CPython 3.11.7.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GUESS_EXTENSION_CASES } from '../fixtures/oracle-cases.js';
import {
  ENCODINGS_MAP,
  SUFFIX_MAP,
  TYPES_MAP,
  guessExtension,
  guessType,
  isKnownExtension,
} from '../../../shared/naming/mime-types.js';

test('the embedded tables are CPython 3.11\'s built-in ones, in order', () => {
  assert.equal(Object.keys(TYPES_MAP).length, 149);
  assert.deepEqual(Object.keys(TYPES_MAP).slice(0, 4), ['.js', '.mjs', '.json', '.webmanifest']);
  assert.deepEqual(Object.keys(SUFFIX_MAP), ['.svgz', '.tgz', '.taz', '.tz', '.tbz2', '.txz']);
  assert.deepEqual(Object.keys(ENCODINGS_MAP), ['.gz', '.Z', '.bz2', '.xz', '.br']);
});

test('isKnownExtension is case-sensitive membership of the strict table', () => {
  for (const ext of ['.pdf', '.jpg', '.jpeg', '.tar', '.png', '.json']) assert.ok(isKnownExtension(ext), ext);
  for (const ext of ['.JPG', '.Pdf', '.webp', '.7z', '.docx', '.gz', '.md', '.com', '', '.constructor', 'toString']) {
    assert.ok(!isKnownExtension(ext), ext);
  }
});

test('guessType: extensions, compression suffixes and the suffix map', () => {
  const cases: Array<[string, string | null]> = [
    ['https://example.com', null], // with /etc/mime.types this would be .com
    ['https://example.com/x.tar.gz', 'application/x-tar'],
    ['https://example.com/x.TGZ', 'application/x-tar'],
    ['https://example.com/x.tgz', 'application/x-tar'],
    ['x.tar.bz2', 'application/x-tar'],
    ['x.tbz2', 'application/x-tar'],
    ['x.txz', 'application/x-tar'],
    ['https://example.com/x.svgz', 'image/svg+xml'],
    ['https://example.com/x.tar.Z', 'application/x-tar'],
    ['https://example.com/x.tar.z', null], // encodings are case-sensitive
    ['https://example.com/x.GZ', null],
    ['https://example.com/x.txt.br', 'text/plain'],
    ['https://example.com/x.pdf?a=1', null], // the query is part of the "extension"
    ['https://example.com/x.JPG', 'image/jpeg'],
    ['HTTPS://example.com/x.html', 'text/html'],
    ['https://example.com/.bashrc', null],
    ['C:\\x.png', 'image/png'],
  ];
  for (const [url, type] of cases) assert.equal(guessType(url), type, url);
});

test('guessType: the built-in table lacks .webp, .md, .7z, .docx and .gz', () => {
  for (const ext of ['webp', 'md', '7z', 'docx', 'gz']) assert.equal(guessType(`https://example.com/x.${ext}`), null, ext);
});

test('guessType: data: URLs give their media type as written', () => {
  const cases: Array<[string, string | null]> = [
    ['data:image/png;base64,AAA', 'image/png'],
    ['data:,x', 'text/plain'],
    ['data:text/plain;charset=utf-8,x', 'text/plain'],
    ['data:a=b/c;x,y', 'text/plain'],
    ['data:IMAGE/PNG,x', 'IMAGE/PNG'],
    ['data:image/png', null], // no comma: bad data URL
    ['data:;base64,SGk=', 'text/plain'],
  ];
  for (const [url, type] of cases) assert.equal(guessType(url), type, url);
});

test('guessExtension returns the first registered extension (generated: every type in the table)', () => {
  assert.ok(GUESS_EXTENSION_CASES.length > 60);
  for (const { type, expected } of GUESS_EXTENSION_CASES) assert.equal(guessExtension(type), expected, type);
  assert.equal(guessExtension('image/jpeg'), '.jpg');
  assert.equal(guessExtension('IMAGE/JPEG'), '.jpg');
  assert.equal(guessExtension('application/xml'), '.xsl');
  assert.equal(guessExtension('image/webp'), null);
  assert.equal(guessExtension('image/jpg'), null); // only in the non-strict table
});
