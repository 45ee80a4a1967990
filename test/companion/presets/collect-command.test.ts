// `gleaner collect` as a user runs it, against pages on a local origin server: --dry-run prints the
// items of each page (preset or generic) in page order with failures in place; without it the
// pipelines run with the preset's options between the environment and -s; --preset forces a preset.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { jsonLines, runCli } from '../../helpers/cli.js';
import { sha1, tempDir } from '../../helpers/job.js';
import { startOriginServer } from '../../helpers/origin-server.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/presets');
const page = (body: string | Buffer) => ({ body, headers: { 'content-type': 'text/html; charset=utf-8' } });
const fixture = (name: string) => page(readFileSync(path.join(FIXTURES, name)));

async function home(t: { after(fn: () => Promise<void>): void }, presets: Record<string, unknown> = {}): Promise<{ env: NodeJS.ProcessEnv; dir: string }> {
  const dir = await tempDir(t);
  await mkdir(path.join(dir, 'config/presets'), { recursive: true });
  for (const [name, content] of Object.entries(presets)) {
    await writeFile(path.join(dir, 'config/presets', name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return { env: { GLEANER_HOME: dir }, dir };
}

test('--dry-run: items of each page in order, the preset that applied on stderr, a failed page in its place', async (t) => {
  const server = await startOriginServer({
    '/2024/05/alpine-trip/': fixture('wordpress-gallery.html'),
    '/p/thread/123456': fixture('image-board-thread.html'),
    '/plain.html': page('<title>Plain</title><img src="/photo.jpg" width="640" height="480"><a href="/doc.pdf">doc</a>'),
    '/moved': { redirect: '/plain.html' },
  });
  t.after(() => server.close());
  const { env } = await home(t);
  const urls = ['/2024/05/alpine-trip/', '/missing', '/p/thread/123456', '/moved'].map((p) => server.at(p));
  const result = await runCli(['collect', '--dry-run', '-s', 'USER_AGENT=CollectTest/2', ...urls], { env });
  assert.equal(result.code, 2, result.stderr);
  const lines = jsonLines(result.stdout);
  assert.deepEqual(
    lines.map((l) => [l.url, (l.image_urls as string[] | undefined)?.length ?? 0, (l.file_urls as string[] | undefined)?.length ?? 0]),
    [
      [urls[0], 6, 0],
      [urls[1], 0, 0],
      [urls[2], 0, 1],
      [urls[2], 0, 1],
      [urls[2], 0, 1],
      [urls[2], 0, 1],
      [server.at('/plain.html'), 1, 0],
      [server.at('/plain.html'), 0, 1],
    ],
  );
  assert.deepEqual(lines[1]!._error, { code: 'ERR_PAGE_HTTP_STATUS', message: `The page ${urls[1]} answered 404` });
  assert.equal(lines[0]!.title, 'Alpine trip');
  assert.equal(lines[0]!.referer, urls[0]);
  assert.equal(lines[2]!.post_id, '123456');
  assert.equal(lines[6]!.media_kind, 'image', 'no preset matches: the generic extraction');
  assert.equal(lines[6]!.referer, server.at('/plain.html'), 'items are about the page where the redirect ended');
  assert.match(result.stderr, /alpine-trip\/: preset wordpress-gallery, 1 item\n/);
  assert.match(result.stderr, /123456: preset image-board-thread, 4 items\n/);
  assert.match(result.stderr, /\/moved \(now http:\/\/127\.0\.0\.1:\d+\/plain\.html\): generic extraction, 2 items\n/);
  assert.equal(server.lastHeaders('/p/thread/123456')?.['user-agent'], 'CollectTest/2');
  assert.equal(server.hits('/photo.jpg'), 0, 'a dry run downloads nothing');
});

test('--preset ID forces a preset whatever the URL; an unknown id or a broken user preset exits 1', async (t) => {
  const server = await startOriginServer({ '/anything': fixture('image-board-thread.html') });
  t.after(() => server.close());
  const { env } = await home(t);
  const forced = await runCli(['collect', '-n', '--preset', 'image-board-thread', server.at('/anything')], { env });
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(jsonLines(forced.stdout).length, 4);
  const auto = await runCli(['collect', '-n', server.at('/anything')], { env });
  assert.match(auto.stderr, /generic extraction/);
  const unknown = await runCli(['collect', '-n', '--preset', 'nope', server.at('/anything')], { env });
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /ERR_PRESET_NOT_FOUND: No preset has the id "nope"/);
  const broken = await home(t, { 'mine.json': { id: 'mine', name: 'Mine', match: ['*://*/*'], fields: { image_urls: [{ selector: 'img', atributes: [] }] } } });
  const refused = await runCli(['collect', '-n', server.at('/anything')], { env: broken.env });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /ERR_PRESET_INVALID: .*mine\.json: fields\.image_urls\[0\]\.atributes \(line 11, column 9\): unknown key "atributes"/);
});

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } }).png().toBuffer();
}

const galleryPreset = {
  id: 'local-gallery',
  name: 'Local gallery',
  match: ['http://127.0.0.1/gallery/*'],
  items: { selector: '.photo' },
  fields: {
    caption: { selector: 'figcaption' },
    image_urls: [{ selector: 'img', attributes: ['data-full', 'src'] }],
    file_urls: [{ selector: 'a.raw' }],
  },
  rewrite: [{ pattern: '/thumbs/', replace: '/full/' }],
  pipeline: { thumbs: { small: [40, 40] }, minWidth: 100 },
};

test('without --dry-run the pipelines run on the items, with the page as Referer and the preset as a settings layer', async (t) => {
  const server = await startOriginServer({
    '/gallery/1': page(`<figure class="photo"><img src="/thumbs/big.png"><figcaption>Big</figcaption><a class="raw" href="/raw/big.pdf">raw</a></figure>
      <figure class="photo"><img data-full="/full/small.png" src="/thumbs/small.png"><figcaption>Small</figcaption></figure>
      <figure class="photo"><figcaption>No picture</figcaption></figure>`),
    '/full/big.png': { body: await png(300, 200), headers: { 'content-type': 'image/png' } },
    '/full/small.png': { body: await png(80, 80), headers: { 'content-type': 'image/png' } },
    '/raw/big.pdf': { body: 'raw bytes' },
  });
  t.after(() => server.close());
  const { env } = await home(t, { 'gallery.json': galleryPreset });
  const store = await tempDir(t);
  const pageUrl = server.at('/gallery/1');
  const result = await runCli(['collect', pageUrl, '--store', store], { env });
  assert.equal(result.code, 0, result.stderr);
  const [big, small, ...rest] = jsonLines(result.stdout);
  assert.equal(rest.length, 0, 'the figure without media is not an item');
  assert.equal(big!.caption, 'Big');
  assert.deepEqual((big!.images as Array<{ url: string; status: string }>).map((i) => [i.url, i.status]), [[server.at('/full/big.png'), 'downloaded']]);
  assert.deepEqual((big!.files as Array<{ path: string }>).map((f) => f.path), [`full/${sha1(server.at('/raw/big.pdf'))}.pdf`]);
  // The preset's minimum width (100) rejects the 80-pixel image; its thumbnails are made.
  assert.deepEqual(small!.images, []);
  assert.equal((small!.images_errors as Array<{ code: string }>)[0]!.code, 'ERR_PROCESS_IMAGE_TOO_SMALL');
  assert.deepEqual(await readdir(path.join(store, 'images/thumbs/small')), [`${sha1(server.at('/full/big.png'))}.jpg`]);
  assert.equal(server.lastHeaders('/full/big.png')?.referer, pageUrl);
  assert.equal(server.lastHeaders('/raw/big.pdf')?.referer, pageUrl);
  assert.match(result.stderr, /gleaner: 1 page\ngleaner: 2 items; files: 2 downloaded, 0 uptodate, 0 cached, 1 failed/);

  // -s is above the preset: the small image now passes.
  const store2 = await tempDir(t);
  const overridden = await runCli(['collect', pageUrl, '--store', store2, '-s', 'IMAGES_MIN_WIDTH=50'], { env });
  assert.equal(overridden.code, 0, overridden.stderr);
  assert.equal((jsonLines(overridden.stdout)[1]!.images as unknown[]).length, 1);
  // The environment is below the preset: it does not undo the preset's minimum.
  const store3 = await tempDir(t);
  const fromEnv = await runCli(['collect', pageUrl, '--store', store3], { env: { ...env, IMAGES_MIN_WIDTH: '50' } });
  assert.deepEqual(jsonLines(fromEnv.stdout)[1]!.images, []);
});

test("the preset's target is used when no store is given, and the command line's store wins over it", async (t) => {
  const server = await startOriginServer({
    '/gallery/2': page('<figure class="photo"><a class="raw" href="/raw/a.pdf">raw</a></figure>'),
    '/raw/a.pdf': { body: 'a' },
  });
  t.after(() => server.close());
  const { env, dir } = await home(t, { 'gallery.json': { ...galleryPreset, pipeline: { target: 'photos' } } });
  const photos = await tempDir(t);
  await writeFile(path.join(dir, 'config/companion.json'), JSON.stringify({ targets: { photos: { FILES_STORE: photos } } }));
  const viaTarget = await runCli(['collect', server.at('/gallery/2')], { env });
  assert.equal(viaTarget.code, 0, viaTarget.stderr);
  assert.deepEqual(await readdir(path.join(photos, 'full')), [`${sha1(server.at('/raw/a.pdf'))}.pdf`]);

  const store = await tempDir(t);
  const explicit = await runCli(['collect', server.at('/gallery/2'), '--files-store', store], { env });
  assert.equal(explicit.code, 0, explicit.stderr);
  assert.match(explicit.stderr, /asks for the target "photos"; the store given on the command line is used instead/);
  assert.deepEqual(await readdir(path.join(store, 'full')), [`${sha1(server.at('/raw/a.pdf'))}.pdf`]);

  await writeFile(path.join(dir, 'config/companion.json'), JSON.stringify({ targets: {} }));
  const missing = await runCli(['collect', server.at('/gallery/2')], { env });
  assert.equal(missing.code, 2);
  assert.equal((jsonLines(missing.stdout)[0]!._error as { code: string }).code, 'ERR_JOB_UNKNOWN_TARGET');
});
