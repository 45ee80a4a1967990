// IMAGES_THUMBS_EXACT end to end: off by default (libvips thumbnails, Pillow's sizes); on, a job
// stores thumbnails with exactly Pillow 9.4's bytes. The full image and its checksum are the same
// either way. (Digests as in pillow-conformance.test.ts for rgb-400x300.png.)
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { resolveSettings } from '../../../../companion/config/settings.js';
import { md5, runItems, sha1, tempDir } from '../../../helpers/job.js';
import { startOriginServer } from '../../../helpers/origin-server.js';
import { CONFORMANCE_INPUTS } from './conformance-inputs.js';

const PILLOW = { full: '5a9f37311161f0cd0aff82c147d7050e', small: 'e245539633408ce6fa666d7f39c64ceb', big: '3f1fb08eef76a83af898dba4d9eb91a7' };

test('IMAGES_THUMBS_EXACT is off by default and accepts Scrapy-style booleans', () => {
  assert.equal(resolveSettings().IMAGES_THUMBS_EXACT, false);
  assert.equal(resolveSettings({ IMAGES_THUMBS_EXACT: 'True' }).IMAGES_THUMBS_EXACT, true);
  assert.equal(resolveSettings({ IMAGES_THUMBS_EXACT: '0' }).IMAGES_THUMBS_EXACT, false);
});

test('a job stores Pillow-exact thumbnails with IMAGES_THUMBS_EXACT, the same sizes and full image without', async (t) => {
  const png = await (CONFORMANCE_INPUTS['rgb-400x300.png'] as () => Promise<Buffer>)();
  const server = await startOriginServer({ '/photo.png': { body: png, headers: { 'content-type': 'image/png' } } });
  t.after(() => server.close());
  const url = server.at('/photo.png');
  const stored = async (exact: boolean) => {
    const store = await tempDir(t);
    const { outputs } = await runItems([{ image_urls: [url] }], {
      IMAGES_STORE: store, IMAGES_THUMBS: { small: [50, 50], big: [270, 270] }, ...(exact ? { IMAGES_THUMBS_EXACT: 'true' } : {}),
    });
    const [image] = outputs[0]?.images as Array<{ checksum: string }>;
    const read = (...parts: string[]) => readFile(path.join(store, ...parts, `${sha1(url)}.jpg`));
    return { checksum: image?.checksum, full: md5(await read('full')), small: await read('thumbs', 'small'), big: await read('thumbs', 'big') };
  };
  const exact = await stored(true);
  assert.deepEqual([exact.checksum, exact.full, md5(exact.small), md5(exact.big)], [PILLOW.full, PILLOW.full, PILLOW.small, PILLOW.big]);
  const native = await stored(false);
  assert.deepEqual([native.checksum, native.full], [PILLOW.full, PILLOW.full]);
  assert.ok(!native.small.equals(exact.small) || !native.big.equals(exact.big), 'the default thumbnails should come from libvips');
});
