import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../../shared/extract/index.js';
import { loadFixture } from './load-fixture.js';

const PAGE = 'https://shop.example.com/';
const result = extract(loadFixture('backgrounds.html'), PAGE);
const sourceOf = new Map(result.media.map((m) => [m.url.replace(PAGE, '/'), m.sources.join(',')]));

test('inline style backgrounds, quoted and unquoted, next to gradients', () => {
  assert.equal(sourceOf.get('/bg/inline.png'), 'css');
  assert.equal(sourceOf.get('/bg/unquoted.webp'), 'css');
});

test('image-set keeps only the highest resolution option', () => {
  assert.equal(sourceOf.get('/bg/set-2x.png'), 'css');
  assert.equal(sourceOf.has('/bg/set-1x.png'), false);
  assert.equal(sourceOf.get('/bg/wide-2x.jpg'), 'css', 'inside @media, from a <style> rule');
  assert.equal(sourceOf.has('/bg/wide-1x.jpg'), false);
});

test('legacy background attributes and lazy background attributes', () => {
  assert.equal(sourceOf.get('/bg/legacy-body.gif'), 'css');
  assert.equal(sourceOf.get('/bg/cell.png'), 'css');
  assert.equal(sourceOf.get('/bg/lazy-bg.jpg'), 'lazy');
  assert.equal(sourceOf.get('/bg/lazy-bg2.jpg'), 'lazy');
});

test('without computed styles, <style> rules count when their selector matches an element', () => {
  assert.equal(sourceOf.get('/bg/hero.jpg'), 'css');
  assert.equal(sourceOf.get('/bg/before.png'), 'css-pseudo');
  assert.equal(sourceOf.get('/bg/after-hover.svg'), 'css-pseudo', 'state pseudo-classes are ignored for matching');
  assert.equal(sourceOf.get('/bg/bullet.png'), 'css');
  assert.equal(sourceOf.has('/bg/unused.jpg'), false, 'no element has .unused-class');
});

test('never fonts, imports, comments, masks or placeholder-sized data: URLs', () => {
  for (const url of ['/fonts/x.woff2', '/css/other.css', '/commented-out.png', '/bg/mask.png']) {
    assert.equal(sourceOf.has(url), false, url);
  }
  assert.ok(result.media.every((m) => !m.url.startsWith('data:')));
});

test('finds exactly the expected set', () => {
  assert.equal(result.media.length, 12, [...sourceOf.keys()].join('\n'));
  assert.ok(result.media.every((m) => m.kind === 'image' && m.referer === PAGE));
});

test('computed styles, when the DOM has them, replace the <style> fallback and reach ::before/::after', () => {
  // A stand-in for a browser's getComputedStyle: linkedom has none, and Chromium is covered end to end.
  const document = loadFixture('backgrounds.html');
  const seen: string[] = [];
  const styles = new Map<string, { backgroundImage: string; content: string }>([
    ['hero|', { backgroundImage: 'url("https://shop.example.com/bg/computed-hero.jpg")', content: 'normal' }],
    ['card|::before', { backgroundImage: 'url("https://shop.example.com/bg/computed-before.png")', content: '""' }],
    ['card|::after', { backgroundImage: 'url("https://shop.example.com/bg/not-rendered.png")', content: 'none' }],
    ['wide|::after', { backgroundImage: 'none', content: 'url("https://shop.example.com/bg/computed-content.svg")' }],
  ]);
  Object.defineProperty(document, 'defaultView', {
    value: {
      getComputedStyle(element: Element, pseudo?: string | null) {
        const key = `${element.getAttribute('class') ?? ''}|${pseudo ?? ''}`;
        seen.push(key);
        return styles.get(key) ?? { backgroundImage: 'none', content: 'none' };
      },
    },
  });
  const urls = extract(document, PAGE).media.map((m) => `${m.url.replace(PAGE, '/')} ${m.sources.join(',')}`);
  assert.ok(urls.includes('/bg/computed-hero.jpg css'));
  assert.ok(urls.includes('/bg/computed-before.png css-pseudo'));
  assert.ok(urls.includes('/bg/computed-content.svg css-pseudo'));
  assert.ok(!urls.some((u) => u.startsWith('/bg/not-rendered.png')), 'a pseudo-element with content:none is not shown');
  assert.ok(!urls.some((u) => u.startsWith('/bg/hero.jpg')), 'the <style> fallback is off when computed styles exist');
  assert.ok(seen.includes('card|::before') && seen.includes('card|::after'));
  const off = extract(document, PAGE, { computedStyles: false }).media.map((m) => m.url);
  assert.ok(off.includes('https://shop.example.com/bg/hero.jpg'), 'computedStyles: false goes back to the sheets');
});
