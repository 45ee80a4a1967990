import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../../shared/extract/index.js';
import { loadFixture } from './load-fixture.js';

const PAGE = 'https://example.com/post/1';
const result = extract(loadFixture('media.html'), PAGE);
const entry = (path: string) => {
  const url = path.startsWith('http') ? path : `https://example.com${path}`;
  return result.media.find((m) => m.url === url);
};

test('og:image with its width, height and alt; twitter:image; og:video; link rel=image_src', () => {
  const og = entry('/social/og.jpg');
  assert.deepEqual(
    og && { kind: og.kind, sources: og.sources, width: og.width, height: og.height, alt: og.alt },
    { kind: 'image', sources: ['meta'], width: 1200, height: 630, alt: 'Social card' },
  );
  assert.equal(entry('/social/twitter.png')?.kind, 'image');
  assert.equal(entry('/social/clip.mp4')?.kind, 'video');
  assert.equal(entry('/social/image-src.jpg')?.sources[0], 'meta');
  assert.equal(entry('/not/a/media.jpg'), undefined, 'meta description is not media');
  assert.equal(entry('/css/site.css'), undefined);
});

test('<video src> with its poster and size; <video><source> takes the first source', () => {
  const direct = entry('/video/direct.mp4');
  assert.deepEqual(direct && [direct.kind, direct.sources, direct.width, direct.height, direct.title], ['video', ['video'], 1280, 720, 'Direct video']);
  const poster = entry('/video/poster.jpg');
  assert.deepEqual(poster && [poster.kind, poster.sources], ['image', ['poster']]);
  assert.equal(entry('/video/sourced.webm')?.kind, 'video');
  assert.equal(entry('/video/sourced.mp4'), undefined, 'the other format of the same video is left out');
});

test('<audio> with <source> or src', () => {
  assert.deepEqual(entry('/audio/song.mp3')?.sources, ['audio']);
  assert.equal(entry('/audio/song.mp3')?.kind, 'audio');
  assert.equal(entry('/audio/direct.ogg')?.kind, 'audio');
});

test('<object>/<embed> by extension', () => {
  const pdf = entry('/docs/embedded.pdf');
  assert.deepEqual(pdf && [pdf.kind, pdf.sources, pdf.width], ['file', ['object'], 600]);
  assert.equal(entry('/docs/embedded-image.png')?.kind, 'image');
  assert.equal(entry('/plugin/thing.swf'), undefined);
});

test('links to files by extension (case-insensitive, query kept), image links, download links, areas', () => {
  const report = entry('/docs/Report.PDF');
  assert.deepEqual(report && [report.kind, report.sources, report.title], ['file', ['link'], 'Annual report']);
  assert.equal(entry('/downloads/archive.zip?version=2')?.title, 'The archive');
  assert.equal(entry('/gallery/original.jpeg')?.kind, 'image');
  assert.equal(entry('/downloads/get?id=3')?.kind, 'file');
  assert.equal(entry('/maps/region.png')?.kind, 'image');
  for (const ignored of ['/pages/about.html', '/docs/notes.txt']) assert.equal(entry(ignored), undefined, ignored);
  assert.ok(result.media.every((m) => m.url.startsWith('https://example.com/')));
});

test('the file extension list is configurable', () => {
  const custom = extract(loadFixture('media.html'), PAGE, { fileExtensions: ['TXT', '.swf'] });
  const urls = custom.media.map((m) => m.url);
  assert.ok(urls.includes('https://example.com/docs/notes.txt'));
  assert.ok(urls.includes('https://example.com/plugin/thing.swf'));
  assert.ok(!urls.includes('https://example.com/docs/Report.PDF'), 'pdf is not in the custom list');
  assert.ok(urls.includes('https://example.com/gallery/original.jpeg'), 'image links do not depend on the list');
});

test('items: images in image_urls, everything else in file_urls', () => {
  const video = result.items.find((i) => (i.file_urls as string[] | undefined)?.[0] === 'https://example.com/video/direct.mp4');
  assert.deepEqual(video, {
    url: PAGE,
    title: 'Media and files',
    media_kind: 'video',
    referer: PAGE,
    file_urls: ['https://example.com/video/direct.mp4'],
    alt: 'Direct video',
    width: 1280,
    height: 720,
  });
  assert.ok(result.items.every((i) => ('image_urls' in i) !== ('file_urls' in i)));
  assert.equal(result.items.filter((i) => 'image_urls' in i).length, result.media.filter((m) => m.kind === 'image').length);
});
