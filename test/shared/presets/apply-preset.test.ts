// applyPreset on small pages: items and fields, the attributes URL rules read (srcset, lazy, CSS), the
// elements it reports for highlighting, and how it copes with what a page throws at it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPreset } from '../../../shared/presets/index.js';
import { htmlDocument, makePreset } from './preset-helpers.js';

const PAGE = 'https://shop.example/list/';

test('each item element becomes one item with its fields; items without media are dropped', () => {
  const document = htmlDocument(`
    <h1>Spring catalogue</h1>
    <div class="card" data-sku="A1"><h2> Red   shoe </h2><span class="price">Price: 12.50 EUR</span>
      <img src="/img/red.jpg"><a class="manual" href="/docs/red.pdf">manual</a><span class="tag">new</span><span class="tag">red</span></div>
    <div class="card" data-sku="B2"><h2>Blue shoe</h2><img src="/img/blue.jpg"></div>
    <div class="card" data-sku="C3"><h2>Sold out</h2></div>`);
  const preset = makePreset({
    items: { selector: '.card' },
    fields: {
      name: { selector: 'h2' },
      sku: { attribute: 'data-sku' },
      price: { selector: '.price', pattern: '([\\d.]+)' },
      tags: { selector: '.tag', all: true },
      catalogue: { selector: 'h1', scope: 'page' },
      manual_page: { selector: 'a.manual', attribute: 'href', url: true },
      image_urls: [{ selector: 'img' }],
      file_urls: [{ selector: 'a.manual' }],
    },
  });
  const result = applyPreset(document, PAGE, preset);
  assert.deepEqual(result.items, [
    {
      url: PAGE,
      name: 'Red shoe',
      sku: 'A1',
      price: '12.50',
      tags: ['new', 'red'],
      catalogue: 'Spring catalogue',
      manual_page: 'https://shop.example/docs/red.pdf',
      image_urls: ['https://shop.example/img/red.jpg'],
      file_urls: ['https://shop.example/docs/red.pdf'],
      referer: PAGE,
    },
    {
      url: PAGE,
      name: 'Blue shoe',
      sku: 'B2',
      catalogue: 'Spring catalogue',
      image_urls: ['https://shop.example/img/blue.jpg'],
      file_urls: [],
      referer: PAGE,
    },
  ]);
  assert.deepEqual(result.counts, { itemElements: 3, items: 2, urls: 3, rewritten: 0, filtered: 0, emptyItems: 1 });
  assert.deepEqual(result.warnings, []);
});

test('without an item selector the whole page is one item', () => {
  const document = htmlDocument('<title>T</title><img src="a.jpg"><p><img src="b.jpg"></p><img src="a.jpg">');
  const result = applyPreset(document, 'https://x.example/dir/page', makePreset());
  assert.deepEqual(result.items, [
    { url: 'https://x.example/dir/page', image_urls: ['https://x.example/dir/a.jpg', 'https://x.example/dir/b.jpg'], referer: 'https://x.example/dir/page' },
  ]);
  assert.equal(result.matches.items.length, 1);
  assert.equal(result.matches.items[0]!.localName, 'html');
});

test('URL rules: the first listed attribute with a usable URL wins; srcset gives its largest candidate', () => {
  const document = htmlDocument(`<base href="https://cdn.example/media/">
    <img id="a" src="small.jpg" srcset="small.jpg 300w, large.jpg 1200w, medium.jpg 800w">
    <img id="b" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="lazy.jpg">
    <img id="c" src="plain.jpg" data-srcset="lazy-1x.jpg 1x, lazy-2x.jpg 2x">
    <div id="d" style="background-image: url('bg.jpg')"></div>
    <div id="e" data-bg="url(&quot;lazy-bg.jpg&quot;)"></div>
    <a id="f" href="#top">top</a><a id="g" href="javascript:void(0)">js</a>`);
  const preset = makePreset({
    fields: {
      image_urls: [
        { selector: '#a, #b, #c', attributes: ['data-srcset', 'srcset', 'data-src', 'src'] },
        { selector: '#d', attributes: ['style'] },
        { selector: '#e', attributes: ['data-bg'] },
        { selector: '#f, #g', attributes: ['href'] },
      ],
    },
  });
  const [item] = applyPreset(document, 'https://page.example/', preset).items;
  assert.deepEqual(item!.image_urls, [
    'https://cdn.example/media/large.jpg',
    'https://cdn.example/media/lazy.jpg',
    'https://cdn.example/media/lazy-2x.jpg',
    'https://cdn.example/media/bg.jpg',
    'https://cdn.example/media/lazy-bg.jpg',
  ]);
});

test('default attributes cover srcset, lazy attributes, src, href and meta content', () => {
  const document = htmlDocument(`<head><meta property="og:image" content="/og.jpg"></head>
    <img class="m" data-original="/orig.jpg" src="/placeholder.gif"><a class="m" href="/file.zip">zip</a>`);
  const preset = makePreset({ fields: { image_urls: [{ selector: 'meta[property="og:image"], img.m' }], file_urls: [{ selector: 'a.m' }] } });
  const [item] = applyPreset(document, 'https://p.example/', preset).items;
  assert.deepEqual(item!.image_urls, ['https://p.example/og.jpg', 'https://p.example/orig.jpg']);
  assert.deepEqual(item!.file_urls, ['https://p.example/file.zip']);
});

test('matched elements are reported per field for highlighting, including those without a URL', () => {
  const document = htmlDocument('<div class="post"><h3>One</h3><img src="1.jpg"><img></div><div class="post"><h3>Two</h3></div>');
  const preset = makePreset({ items: { selector: '.post' }, fields: { heading: { selector: 'h3' }, image_urls: [{ selector: 'img' }] } });
  const result = applyPreset(document, 'https://p.example/', preset);
  assert.equal(result.matches.items.length, 2);
  assert.deepEqual(result.matches.fields.heading!.map((e) => e.textContent), ['One', 'Two']);
  assert.equal(result.matches.fields.image_urls!.length, 2);
  assert.equal(result.items.length, 1);
});

test(':scope names the item itself; items.limit caps the items', () => {
  const document = htmlDocument('<a class="i" href="/1.jpg" title="one">1</a><a class="i" href="/2.jpg" title="two">2</a><a class="i" href="/3.jpg">3</a>');
  const preset = makePreset({
    items: { selector: 'a.i', limit: 2 },
    fields: { caption: { selector: ':scope', attribute: 'title' }, image_urls: [{ selector: ':scope', attributes: ['href'] }] },
  });
  const result = applyPreset(document, 'https://p.example/', preset);
  assert.deepEqual(result.items.map((i) => [i.caption, i.image_urls]), [
    ['one', ['https://p.example/1.jpg']],
    ['two', ['https://p.example/2.jpg']],
  ]);
});

test('a selector the DOM cannot parse matches nothing and is reported once; the rest still works', () => {
  const document = htmlDocument('<img src="/ok.jpg"><img src="/also.jpg">');
  const preset = makePreset({ fields: { image_urls: [{ selector: 'img:unknown-pseudo(' }, { selector: 'img' }] } });
  const result = applyPreset(document, 'https://p.example/', preset);
  assert.deepEqual(result.items[0]!.image_urls, ['https://p.example/ok.jpg', 'https://p.example/also.jpg']);
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0]!, /^The selector "img:unknown-pseudo\(" is not valid here/);
});

test('images inside <noscript> are skipped, as a browser running scripts sees them as text', () => {
  const document = htmlDocument('<img data-src="/lazy.jpg"><noscript><img src="/fallback.jpg"></noscript>');
  const preset = makePreset({ fields: { image_urls: [{ selector: 'img', attributes: ['data-src', 'src'] }] } });
  assert.deepEqual(applyPreset(document, 'https://p.example/', preset).items[0]!.image_urls, ['https://p.example/lazy.jpg']);
});

test('fields that find nothing are left out; a pattern that does not match leaves the field out', () => {
  const document = htmlDocument('<p class="price">free</p><img src="/a.jpg">');
  const preset = makePreset({ fields: { price: { selector: '.price', pattern: '\\d+' }, missing: { selector: '.nope' }, image_urls: [{ selector: 'img' }] } });
  assert.deepEqual(Object.keys(applyPreset(document, 'https://p.example/', preset).items[0]!), ['url', 'image_urls', 'referer']);
});
