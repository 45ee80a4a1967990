// The Images pipeline end to end through the job runner: paths, thumbnails, the size filter message,
// JPEG pass-through checksums, and both pipelines on one item.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { md5, runItems, sha1, tempDir } from '../../helpers/job.js';
import { startOriginServer } from '../../helpers/origin-server.js';

async function png(width: number, height: number, alpha = false): Promise<Buffer> {
  const channels = alpha ? 4 : 3;
  const background = alpha ? { r: 0, g: 127, b: 255, alpha: 50 / 255 } : { r: 10, g: 200, b: 30 };
  return sharp({ create: { width, height, channels, background } }).png().toBuffer();
}

test('images are stored as full/<sha1>.jpg with thumbnails; too-small images fail with Scrapy\'s message', async (t) => {
  const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 100, b: 50 } } }).jpeg().toBuffer();
  const server = await startOriginServer({
    '/photo.jpg': { body: photo, headers: { 'content-type': 'image/jpeg' } },
    '/alpha.png': { body: await png(120, 300, true) },
    '/small.png': { body: await png(105, 200) },
    '/page.html': { body: '<html>not an image</html>', headers: { 'content-type': 'text/html' } },
  });
  t.after(() => server.close());
  const store = await tempDir(t);
  const urls = ['/photo.jpg', '/small.png', '/alpha.png', '/page.html'].map(server.at);
  const { outputs } = await runItems([{ image_urls: urls }], {
    IMAGES_STORE: store,
    IMAGES_THUMBS: { small: [50, 50], big: [270, 270] },
    IMAGES_MIN_WIDTH: 110,
    IMAGES_MIN_HEIGHT: 110,
  });
  const images = outputs[0]!.images as Array<{ url: string; path: string; checksum: string; status: string }>;
  assert.deepEqual(images.map((i) => i.path), [`full/${sha1(urls[0]!)}.jpg`, `full/${sha1(urls[2]!)}.jpg`]);
  assert.equal(images[0]!.checksum, md5(photo), 'an RGB JPEG is stored byte for byte');
  assert.deepEqual(await readFile(path.join(store, images[0]!.path)), photo);
  const full = await readFile(path.join(store, images[1]!.path));
  assert.equal(images[1]!.checksum, md5(full), 'the checksum is the MD5 of the stored full image');
  const { data } = await sharp(full).raw().toBuffer({ resolveWithObject: true });
  assert.ok(Math.abs(data[0]! - 205) <= 3 && Math.abs(data[1]! - 230) <= 3 && Math.abs(data[2]! - 255) <= 3, `alpha composited on white: ${[...data.subarray(0, 3)]}`);
  const small = await sharp(path.join(store, 'thumbs/small', `${sha1(urls[0]!)}.jpg`)).metadata();
  const big = await sharp(path.join(store, 'thumbs/big', `${sha1(urls[0]!)}.jpg`)).metadata();
  assert.deepEqual([small.width, small.height, big.width, big.height], [50, 38, 270, 203]);
  const tall = await sharp(path.join(store, 'thumbs/small', `${sha1(urls[2]!)}.jpg`)).metadata();
  assert.deepEqual([tall.width, tall.height], [20, 50]);
  const errors = outputs[0]!.images_errors as Array<{ url: string; code: string; message: string }>;
  assert.deepEqual(errors.map((e) => [e.url, e.code]), [
    [urls[1], 'ERR_PROCESS_IMAGE_TOO_SMALL'],
    [urls[3], 'ERR_PROCESS_IMAGE_DECODE'],
  ]);
  assert.equal(errors[0]!.message, 'Image too small (105x200 < 110x110)');
});

test('both pipelines run on one item, each with its own store, fields and results', async (t) => {
  const server = await startOriginServer({ '/a.png': { body: await png(20, 20) }, '/doc.pdf': { body: '%PDF' } });
  t.after(() => server.close());
  const files = await tempDir(t);
  const images = await tempDir(t);
  const { outputs, summary } = await runItems(
    [{ file_urls: [server.at('/doc.pdf'), server.at('/a.png')], image_urls: [server.at('/a.png')], keep: true }],
    { FILES_STORE: files, IMAGES_STORE: images },
  );
  const out = outputs[0]!;
  assert.deepEqual(Object.keys(out), ['file_urls', 'image_urls', 'keep', 'files', 'files_errors', 'images', 'images_errors']);
  assert.equal((out.files as unknown[]).length, 2);
  assert.equal((out.images as Array<{ path: string }>)[0]!.path, `full/${sha1(server.at('/a.png'))}.jpg`);
  assert.equal((out.files as Array<{ path: string }>)[1]!.path, `full/${sha1(server.at('/a.png'))}.png`);
  assert.equal(server.hits('/a.png'), 2, 'each pipeline has its own dedup, as in Scrapy');
  assert.deepEqual(summary.files, { downloaded: 3, uptodate: 0, cached: 0, failed: 0 });
});
