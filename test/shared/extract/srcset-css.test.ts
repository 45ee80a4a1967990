import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cssImageUrls, largestCandidate, parseSrcset, normaliseExtensions, urlExtension } from '../../../shared/extract/index.js';

test('parseSrcset reads width and density descriptors and URLs with commas', () => {
  assert.deepEqual(parseSrcset(' a.jpg 320w,b.jpg   640w , https://x/c_1,w_2/c.jpg 1280w'), [
    { url: 'a.jpg', width: 320 },
    { url: 'b.jpg', width: 640 },
    { url: 'https://x/c_1,w_2/c.jpg', width: 1280 },
  ]);
  assert.deepEqual(parseSrcset('one.png, two.png 2x,three.png 1.5x'), [
    { url: 'one.png' },
    { url: 'two.png', density: 2 },
    { url: 'three.png', density: 1.5 },
  ]);
  assert.deepEqual(parseSrcset(''), []);
  assert.deepEqual(parseSrcset('x.jpg 100w 2x junk'), [{ url: 'x.jpg', width: 100, density: 2 }]);
});

test('largestCandidate prefers the largest width, else the highest density', () => {
  assert.equal(largestCandidate(parseSrcset('a 100w, b 900w, c 300w'))?.url, 'b');
  assert.equal(largestCandidate(parseSrcset('a, b 3x, c 2x'))?.url, 'b');
  assert.equal(largestCandidate(parseSrcset('a 2x, b 500w'))?.url, 'b');
  assert.equal(largestCandidate([]), undefined);
});

test('cssImageUrls finds url() in every quoting and the best image-set option', () => {
  assert.deepEqual(cssImageUrls('url(a.png), url( "b c.png" ), url(\'d.png\')'), ['a.png', 'b c.png', 'd.png']);
  assert.deepEqual(cssImageUrls('linear-gradient(red, blue), url(e.png)'), ['e.png']);
  assert.deepEqual(cssImageUrls('image-set("f1.png" 1x, "f2.png" 2x) , url(g.png)'), ['f2.png', 'g.png']);
  assert.deepEqual(cssImageUrls('-webkit-image-set(url(h2.png) 2dppx, url(h1.png) 1x)'), ['h2.png']);
  assert.deepEqual(cssImageUrls('url("quote\\"d.png")'), ['quote"d.png']);
  assert.deepEqual(cssImageUrls('none'), []);
  assert.deepEqual(cssImageUrls('url()'), []);
});

test('extension helpers', () => {
  assert.equal(urlExtension(new URL('https://x/a/b.TAR.GZ?x=1')), 'gz');
  assert.equal(urlExtension(new URL('https://x/a.b/c')), '');
  assert.equal(urlExtension(new URL('https://x/.hidden')), '');
  assert.deepEqual(normaliseExtensions('PDF, .zip  *.mp4;bad ext!'), ['pdf', 'zip', 'mp4', 'bad']);
});
