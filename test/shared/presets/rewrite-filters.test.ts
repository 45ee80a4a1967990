// Rewrite rules (thumbnail URL → original) and filters (size, type, include/exclude), alone and as
// applyPreset uses them, including the built-in presets' own rules on URLs the sites really use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BUILTIN_PRESETS,
  applyPreset,
  compileFilters,
  compileRewrites,
  rewriteUrl,
  type Preset,
  type UrlField,
} from '../../../shared/presets/index.js';
import { htmlDocument, makePreset } from './preset-helpers.js';

const normalise = (url: string): string | undefined => {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
};

function builtin(id: string): Preset {
  const preset = BUILTIN_PRESETS.find((p) => p.id === id);
  assert.ok(preset, id);
  return preset;
}

function rewriteWith(preset: Preset, url: string, field: UrlField = 'image_urls'): string {
  return rewriteUrl(url, field, compileRewrites(preset.rewrite), normalise);
}

test('rules apply in order, only to their fields, and a result that is not a URL is skipped', () => {
  const rules = compileRewrites([
    { pattern: '/thumbs/', replace: '/full/' },
    { pattern: '\\.webp$', replace: '.jpg', fields: ['file_urls'] },
    { pattern: '^https://', replace: 'not a url ' },
    { pattern: 'a', replace: 'A', flags: 'g' },
  ]);
  assert.equal(rewriteUrl('https://x.example/thumbs/cat.webp', 'image_urls', rules, normalise), 'https://x.example/full/cAt.webp');
  assert.equal(rewriteUrl('https://x.example/thumbs/cat.webp', 'file_urls', rules, normalise), 'https://x.example/full/cAt.jpg');
  // A global rule keeps working on every URL (no lastIndex left behind by the previous call).
  assert.equal(rewriteUrl('https://x.example/a/a', 'image_urls', rules, normalise), 'https://x.example/A/A');
});

test('WordPress: size suffixes come off', () => {
  const wordpress = builtin('wordpress-gallery');
  assert.equal(rewriteWith(wordpress, 'https://b.example/wp-content/uploads/2024/05/lake-300x200.jpg'), 'https://b.example/wp-content/uploads/2024/05/lake.jpg');
  assert.equal(rewriteWith(wordpress, 'https://b.example/wp-content/uploads/2024/05/my-photo-2-1024x683.PNG'), 'https://b.example/wp-content/uploads/2024/05/my-photo-2.PNG');
  assert.equal(rewriteWith(wordpress, 'https://b.example/wp-content/uploads/2024/05/1920x1080.jpg'), 'https://b.example/wp-content/uploads/2024/05/1920x1080.jpg');
});

test('MediaWiki: raster thumbnails become the upload; SVG renders stay renders', () => {
  const mediawiki = builtin('mediawiki');
  assert.equal(
    rewriteWith(mediawiki, 'https://upload.wiki.example/wikipedia/commons/thumb/a/ab/Foo_bar.jpg/220px-Foo_bar.jpg'),
    'https://upload.wiki.example/wikipedia/commons/a/ab/Foo_bar.jpg',
  );
  assert.equal(rewriteWith(mediawiki, 'https://w.example/images/thumb/1/1b/Old.TIFF/lossy-page1-120px-Old.TIFF.jpg'), 'https://w.example/images/1/1b/Old.TIFF');
  const svg = 'https://upload.wiki.example/images/thumb/c/c3/Flag.svg/45px-Flag.svg.png';
  assert.equal(rewriteWith(mediawiki, svg), svg);
});

test('Shopify: size suffixes, @2x and width/height/crop parameters come off; other parameters stay', () => {
  const shopify = builtin('shopify-product');
  const cases: Array<[string, string]> = [
    ['https://cdn.shopify.com/s/files/1/01/products/shirt_1024x1024.jpg?v=16', 'https://cdn.shopify.com/s/files/1/01/products/shirt.jpg?v=16'],
    ['https://cdn.shopify.com/s/files/1/01/products/shirt_800x.png', 'https://cdn.shopify.com/s/files/1/01/products/shirt.png'],
    ['https://cdn.shopify.com/s/files/1/01/products/shirt_x600_crop_center@2x.jpg?v=1', 'https://cdn.shopify.com/s/files/1/01/products/shirt.jpg?v=1'],
    ['https://cdn.shopify.com/s/files/1/01/products/shirt_grande.jpg', 'https://cdn.shopify.com/s/files/1/01/products/shirt.jpg'],
    ['https://s.example/cdn/shop/files/a.jpg?v=1&width=416', 'https://s.example/cdn/shop/files/a.jpg?v=1'],
    ['https://s.example/cdn/shop/files/a.jpg?width=416&v=1', 'https://s.example/cdn/shop/files/a.jpg?v=1'],
    ['https://s.example/cdn/shop/files/a.jpg?width=416&height=300&crop=center', 'https://s.example/cdn/shop/files/a.jpg'],
    ['https://s.example/cdn/shop/files/big_sale.jpg?v=2', 'https://s.example/cdn/shop/files/big_sale.jpg?v=2'],
  ];
  for (const [thumbnail, original] of cases) assert.equal(rewriteWith(shopify, thumbnail), original, thumbnail);
});

test('filters: include, exclude, types (with aliases and kinds), and sizes (unknown passes)', () => {
  const keep = compileFilters({ include: ['/uploads/'], exclude: ['avatar'], types: ['jpg', 'video'], minWidth: 200, minHeight: 100 });
  const at = (url: string, extra: { width?: number; height?: number } = {}, field: UrlField = 'image_urls') => keep({ url, field, ...extra });
  assert.equal(at('https://x.example/uploads/a.jpeg'), true, 'jpeg is jpg');
  assert.equal(at('https://x.example/uploads/a.JPG'), true);
  assert.equal(at('https://x.example/uploads/clip.mp4', {}, 'file_urls'), true, 'video kind');
  assert.equal(at('https://x.example/uploads/a.png'), false, 'type');
  assert.equal(at('https://x.example/other/a.jpg'), false, 'include');
  assert.equal(at('https://x.example/uploads/avatar.jpg'), false, 'exclude');
  assert.equal(at('https://x.example/uploads/a.jpg', { width: 199, height: 500 }), false, 'width');
  assert.equal(at('https://x.example/uploads/a.jpg', { width: 500, height: 99 }), false, 'height');
  assert.equal(at('https://x.example/uploads/a.jpg', { width: 200, height: 100 }), true);
  assert.equal(at('https://x.example/uploads/get?id=1'), false, 'no extension in image_urls is an image, not jpg or video');
  const images = compileFilters({ types: ['image'] });
  assert.equal(images({ url: 'https://x.example/get?id=1', field: 'image_urls' }), true);
  assert.equal(images({ url: 'https://x.example/get?id=1', field: 'file_urls' }), false);
  assert.equal(images({ url: `data:image/svg+xml,${'x'.repeat(600)}`, field: 'file_urls' }), true);
});

test('in applyPreset, the size of a thumbnail does not judge the original it was rewritten to', () => {
  const document = htmlDocument(`
    <img src="/up/a-150x150.jpg" width="150" height="150">
    <img src="/up/icon.png" width="16" height="16">
    <img src="/up/b.jpg" srcset="/up/b.jpg 120w">
    <img src="/up/c.jpg" srcset="/up/c.jpg 1x, /up/c@2x.jpg 2x" width="90" height="90">`);
  const preset = makePreset({ rewrite: [{ pattern: '-150x150', replace: '' }], filters: { minWidth: 130 } });
  const result = applyPreset(document, 'https://p.example/', preset);
  assert.deepEqual(result.items[0]!.image_urls, ['https://p.example/up/a.jpg', 'https://p.example/up/c@2x.jpg']);
  assert.equal(result.counts.rewritten, 1);
  assert.equal(result.counts.filtered, 2, 'the 16px icon and the 120w srcset');
});

test('a URL rule of its own types keeps only those, after rewriting', () => {
  const document = htmlDocument('<a href="/f/a.pdf">a</a><a href="/f/b.jpg">b</a><a href="/f/c.txt">c</a>');
  const preset = makePreset({
    rewrite: [{ pattern: '\\.txt$', replace: '.pdf' }],
    fields: { image_urls: [{ selector: 'a', types: ['image'] }], file_urls: [{ selector: 'a', types: ['pdf'] }] },
  });
  const [item] = applyPreset(document, 'https://p.example/', preset).items;
  assert.deepEqual(item!.image_urls, ['https://p.example/f/b.jpg']);
  assert.deepEqual(item!.file_urls, ['https://p.example/f/a.pdf', 'https://p.example/f/c.pdf']);
});
