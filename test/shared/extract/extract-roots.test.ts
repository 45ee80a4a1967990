// Shadow roots, same-origin frames, limits and data: URLs. linkedom can attach shadow roots but has no
// frames, so the frame test hands the iframe a second parsed document the way a browser exposes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../../shared/extract/index.js';
import { parseDocument } from './load-fixture.js';

const PAGE = 'https://site.example/index.html';

test('descends into open shadow roots, nested ones too', () => {
  const document = parseDocument('<html><body><div id="host"></div><p>text</p></body></html>');
  const host = document.getElementById('host')!;
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.innerHTML = '<img src="/shadow/a.png"><span id="inner"></span><style>.x{background:url(/shadow/styled.png)}</style><i class="x"></i>';
  const inner = shadow.querySelector('#inner')!.attachShadow({ mode: 'open' });
  inner.innerHTML = '<a href="/shadow/deep.pdf">pdf</a>';
  const urls = extract(document, PAGE).media.map((m) => m.url);
  assert.deepEqual(urls.sort(), [
    'https://site.example/shadow/a.png',
    'https://site.example/shadow/deep.pdf',
    'https://site.example/shadow/styled.png',
  ]);
  assert.deepEqual(extract(document, PAGE, { shadowRoots: false }).media, []);
});

test('descends into same-origin frames with the frame as Referer and base, skips unreadable ones', () => {
  const document = parseDocument('<html><body><iframe id="same"></iframe><iframe id="cross"></iframe><iframe id="blank"></iframe></body></html>');
  const frameDocument = parseDocument('<html><head><title>frame</title></head><body><img src="pics/in-frame.jpg"></body></html>');
  Object.defineProperty(frameDocument, 'URL', { value: 'https://site.example/frames/inner.html' });
  const blankDocument = parseDocument('<html><body><img src="blank.jpg"></body></html>');
  Object.defineProperty(blankDocument, 'URL', { value: 'about:srcdoc' });
  Object.defineProperty(document.getElementById('same')!, 'contentDocument', { value: frameDocument });
  Object.defineProperty(document.getElementById('blank')!, 'contentDocument', { value: blankDocument });
  Object.defineProperty(document.getElementById('cross')!, 'contentDocument', {
    get() {
      throw new Error('SecurityError: cross-origin frame');
    },
  });
  const media = extract(document, PAGE).media;
  assert.deepEqual(
    media.map((m) => [m.url, m.referer]),
    [
      ['https://site.example/frames/pics/in-frame.jpg', 'https://site.example/frames/inner.html'],
      ['https://site.example/blank.jpg', PAGE],
    ],
  );
  assert.deepEqual(extract(document, PAGE, { frames: false }).media, []);
});

test('data: URLs count when they are real images, not placeholders, and not when huge', () => {
  const big = `data:image/png;base64,${'A'.repeat(2000)}`;
  const document = parseDocument(`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><img src="${big}">`);
  assert.deepEqual(extract(document, PAGE).media.map((m) => m.url.length), [big.length]);
  assert.deepEqual(extract(document, PAGE, { maxDataUrlLength: 1000 }).media, []);
});

test('maxEntries stops the list and says so', () => {
  const document = parseDocument(Array.from({ length: 30 }, (_, i) => `<img src="/i/${i}.jpg">`).join(''));
  const limited = extract(document, PAGE, { maxEntries: 10 });
  assert.equal(limited.media.length, 10);
  assert.equal(limited.truncated, true);
  assert.equal(extract(document, PAGE).truncated, false);
});

test('a link and an image of the same URL become one image entry', () => {
  const document = parseDocument('<a href="/x/photo.jpg">link first</a><img src="/x/photo.jpg" width="50" height="40" alt="shown">');
  const media = extract(document, PAGE).media;
  assert.equal(media.length, 1);
  assert.deepEqual([media[0]!.kind, media[0]!.sources, media[0]!.alt, media[0]!.title], ['image', ['link', 'img'], 'shown', 'link first']);
  const fileFirst = extract(parseDocument('<a href="/x/clip.mp4" download>x</a><video src="/x/clip.mp4"></video>'), PAGE).media;
  assert.equal(fileFirst[0]!.kind, 'video', 'the more specific kind wins over "file"');
});
