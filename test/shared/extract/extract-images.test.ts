import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../../shared/extract/index.js';
import { loadFixture } from './load-fixture.js';

const PAGE = 'https://www.example.com/gallery/page.html';
const result = extract(loadFixture('images.html'), PAGE);
const byUrl = new Map(result.media.map((m) => [m.url, m]));
const get = (url: string) => {
  const entry = byUrl.get(url);
  assert.ok(entry, `expected ${url} among ${[...byUrl.keys()].join(', ')}`);
  return entry;
};

test('resolves relative URLs against <base href> and keeps attribute sizes, alt and title', () => {
  const plain = get('https://cdn.example.com/assets/plain.jpg');
  assert.deepEqual(
    { kind: plain.kind, sources: plain.sources, width: plain.width, height: plain.height, alt: plain.alt, title: plain.title, referer: plain.referer },
    { kind: 'image', sources: ['img'], width: 640, height: 480, alt: 'A plain image', title: 'Plain', referer: PAGE },
  );
  assert.equal(result.title, 'Images fixture');
});

test('takes the largest width-descriptor srcset candidate, commas in its URL included, and only that one', () => {
  const large = get('https://img.example.org/c/w_1600,h_900/large.jpg');
  assert.equal(large.width, 1600);
  assert.equal(large.height, 900);
  assert.deepEqual(large.sources, ['srcset']);
  assert.equal(byUrl.has('https://cdn.example.com/assets/small.jpg'), false);
  assert.equal(byUrl.has('https://cdn.example.com/assets/medium.jpg'), false);
});

test('takes the highest density candidate, src counting as 1x', () => {
  assert.ok(byUrl.has('https://cdn.example.com/assets/retina@3x.png'));
  assert.equal(byUrl.has('https://cdn.example.com/assets/retina.png'), false);
});

test('prefers lazy-load attributes over placeholders in src', () => {
  const lazy = get('https://cdn.example.com/lazy/real.jpg');
  assert.equal(lazy.alt, 'Lazy one');
  assert.ok(lazy.sources.includes('lazy'));
  get('https://cdn.example.com/lazy/original.jpg');
  get('https://cdn.example.com/lazy/wp.jpg');
  assert.equal(byUrl.has('https://cdn.example.com/assets/placeholder.gif'), false);
  assert.ok(!result.media.some((m) => m.url.startsWith('data:')), 'a 1×1 data: placeholder is not media');
});

test('a lazy srcset beats a lazy src', () => {
  const lazySet = get('https://cdn.example.com/lazy/s-1200.jpg');
  assert.equal(lazySet.width, 1200);
  assert.deepEqual(lazySet.sources, ['lazy']);
  assert.equal(byUrl.has('https://cdn.example.com/lazy/s-fallback.jpg'), false);
});

test('a <picture> yields its largest candidate across every <source> and the <img>', () => {
  const photo = get('https://cdn.example.com/pic/photo-2000.avif');
  assert.deepEqual(photo.sources, ['picture']);
  assert.equal(photo.alt, 'Picture photo');
  for (const smaller of ['photo-800.avif', 'photo-1000.webp', 'photo-400.jpg']) {
    assert.equal(byUrl.has(`https://cdn.example.com/pic/${smaller}`), false, smaller);
  }
});

test('reads <input type=image> and SVG <image href|xlink:href>, not other inputs', () => {
  assert.equal(get('https://cdn.example.com/buttons/go.png').alt, 'Go');
  const inside = get('https://cdn.example.com/svg/inside.png');
  assert.deepEqual([inside.sources, inside.width, inside.height], [['svg'], 200, 100]);
  get('https://cdn.example.com/svg/legacy.png');
  assert.equal(byUrl.has('https://cdn.example.com/not-an-image.png'), false);
});

test('deduplicates by URL without fragment and merges the places a URL was seen', () => {
  const real = result.media.filter((m) => m.url === 'https://cdn.example.com/lazy/real.jpg');
  assert.equal(real.length, 1);
  assert.deepEqual(real[0]!.sources, ['lazy', 'link']);
  assert.equal(new Set(result.media.map((m) => m.url)).size, result.media.length);
});

test('drops javascript:, blob: and empty URLs', () => {
  assert.ok(result.media.every((m) => /^https?:/.test(m.url)), result.media.map((m) => m.url).join('\n'));
  assert.equal(result.media.length, 12);
});

test('produces one Scrapy item per entry, images in image_urls, with Referer and page fields', () => {
  assert.equal(result.items.length, result.media.length);
  const item = result.items.find((i) => (i.image_urls as string[] | undefined)?.[0] === 'https://cdn.example.com/assets/plain.jpg');
  assert.deepEqual(item, {
    url: PAGE,
    title: 'Images fixture',
    media_kind: 'image',
    referer: PAGE,
    image_urls: ['https://cdn.example.com/assets/plain.jpg'],
    alt: 'A plain image',
    width: 640,
    height: 480,
  });
});
