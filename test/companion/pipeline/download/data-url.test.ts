import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDataUrl } from '../../../../companion/pipeline/download/data-url.js';

test('plain, percent-encoded and base64 data: URLs decode', () => {
  assert.deepEqual(decodeDataUrl('data:,A%20brief%20note'), { mediaType: 'text/plain', body: Buffer.from('A brief note') });
  const png = decodeDataUrl('data:image/png;base64,iVBORw0KGgo=');
  assert.equal(png.mediaType, 'image/png');
  assert.deepEqual([...png.body.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.equal(decodeDataUrl('data:text/html;charset=utf-8,%3Cb%3E').body.toString(), '<b>');
});

test('a data: URL without a comma, or with broken base64, is a coded error', () => {
  assert.throws(() => decodeDataUrl('data:text/plain'), { code: 'ERR_DOWNLOAD_DATA_URL' });
  assert.throws(() => decodeDataUrl('data:;base64,A'), { code: 'ERR_DOWNLOAD_DATA_URL' });
});
