// Which preset applies: match patterns, the most specific one, user over built-in, detect, and the
// generic extraction when none is left.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BUILTIN_PRESETS,
  asEntries,
  extractPage,
  matchesPattern,
  mergePresets,
  parseMatchPattern,
  rankPresets,
  selectPreset,
  summariseExtraction,
  type MatchPattern,
  type PresetEntry,
} from '../../../shared/presets/index.js';
import { fixtureDocument, htmlDocument, makePreset } from './preset-helpers.js';

function pattern(source: string): MatchPattern {
  const parsed = parseMatchPattern(source);
  assert.equal(typeof parsed, 'object', `${source}: ${String(parsed)}`);
  return parsed as MatchPattern;
}

function matches(source: string, url: string): boolean {
  return matchesPattern(pattern(source), new URL(url));
}

test('match patterns follow the WebExtension syntax, with the query and an optional port', () => {
  assert.ok(matches('<all_urls>', 'http://a.example/x'));
  assert.ok(matches('*://*.example.com/*', 'https://example.com/'));
  assert.ok(matches('*://*.example.com/*', 'https://img.cdn.example.com/a.jpg'));
  assert.ok(!matches('*://*.example.com/*', 'https://badexample.com/'));
  assert.ok(matches('https://shop.example/products/*', 'https://SHOP.example/products/shirt'));
  assert.ok(!matches('https://shop.example/products/*', 'http://shop.example/products/shirt'));
  assert.ok(matches('*://*/index.php?title=*', 'https://wiki.example/index.php?title=Main'));
  assert.ok(!matches('*://*/index.php?title=*', 'https://wiki.example/index.php?action=edit'));
  assert.ok(matches('http://127.0.0.1:8080/*', 'http://127.0.0.1:8080/page'));
  assert.ok(!matches('http://127.0.0.1:8080/*', 'http://127.0.0.1:8081/page'));
  assert.ok(matches('http://127.0.0.1/*', 'http://127.0.0.1:8081/page'), 'no port in the pattern: any port');
  assert.ok(!matches('*://*/*', 'ftp://example.com/file'));
  for (const bad of ['example.com/*', 'https://example.com', 'https://ex*ample.com/*', 'file:///tmp/*', 'https://a.example:99999/*']) {
    assert.equal(typeof parseMatchPattern(bad), 'string', `${bad} should be refused`);
  }
});

function entry(id: string, match: string[], extra: Record<string, unknown> = {}, origin: 'builtin' | 'user' = 'builtin'): PresetEntry {
  return { preset: makePreset({ id, match, ...extra }), origin };
}

const page = htmlDocument('<div class="gallery"><img src="/a.jpg"></div>');

test('the most specific pattern wins: exact host, then domain wildcard, then longer path', () => {
  const entries = [
    entry('any', ['*://*/*']),
    entry('domain', ['*://*.example.com/*']),
    entry('deep-domain', ['*://*.photos.example.com/*']),
    entry('exact', ['https://photos.example.com/*']),
    entry('exact-path', ['https://photos.example.com/album/*']),
    entry('any-path', ['*://*/album/*']),
  ];
  const ranked = rankPresets('https://photos.example.com/album/7', entries).map((r) => r.entry.preset.id);
  assert.deepEqual(ranked, ['exact-path', 'exact', 'deep-domain', 'domain', 'any-path', 'any']);
  assert.equal(selectPreset('https://other.example.org/x', entries, page)?.preset.id, 'any');
  assert.equal(selectPreset('ftp://photos.example.com/x', entries, page), undefined);
});

test('a preset counts with its most specific matching pattern, and exclusions remove it', () => {
  const entries = [
    entry('two-patterns', ['*://*/*', 'https://shop.example/*']),
    entry('domain', ['*://*.shop.example/*']),
    entry('excluded', ['https://shop.example/products/*'], { exclude: ['*://*/products/*.json'] }),
  ];
  assert.deepEqual(rankPresets('https://shop.example/products/a', entries).map((r) => [r.entry.preset.id, r.pattern]), [
    ['excluded', 'https://shop.example/products/*'],
    ['two-patterns', 'https://shop.example/*'],
    ['domain', '*://*.shop.example/*'],
  ]);
  assert.equal(rankPresets('https://shop.example/products/a.json', entries)[0]!.entry.preset.id, 'two-patterns');
});

test('user presets override built-ins: same id replaces it, equal specificity ranks the user one first', () => {
  const builtin = asEntries([makePreset({ id: 'gallery', match: ['*://*/*'] }), makePreset({ id: 'shop', match: ['*://*/*'] })], 'builtin');
  const user = asEntries([makePreset({ id: 'gallery', name: 'Mine', match: ['*://*/*'] }), makePreset({ id: 'zzz-mine', match: ['*://*/*'] })], 'user', '/cfg/presets/mine.json');
  const merged = mergePresets(builtin, user);
  assert.deepEqual(
    merged.map((e) => [e.preset.id, e.origin, e.overrides ?? false]),
    [
      ['gallery', 'user', true],
      ['shop', 'builtin', false],
      ['zzz-mine', 'user', false],
    ],
  );
  assert.equal(merged[0]!.preset.name, 'Mine');
  assert.equal(merged[0]!.source, '/cfg/presets/mine.json');
  // gallery (user) and zzz-mine (user) tie on specificity and origin: ids decide; the built-in comes last.
  assert.deepEqual(rankPresets('https://a.example/', merged).map((r) => r.entry.preset.id), ['gallery', 'zzz-mine', 'shop']);
  // A more specific built-in still beats a catch-all user preset.
  const specific = mergePresets(asEntries([makePreset({ id: 'shop', match: ['*://*/products/*'] })], 'builtin'), user);
  assert.equal(selectPreset('https://a.example/products/1', specific, page)?.preset.id, 'shop');
});

test('detect: a preset applies only when the page has its element; the next candidate is tried', () => {
  const entries = [
    entry('wordpress', ['*://*/*'], { detect: '.wp-block-gallery' }),
    entry('forum', ['*://*/*'], { detect: '#XF' }),
    entry('plain', ['*://*/*']),
  ];
  const wordpress = htmlDocument('<figure class="wp-block-gallery"><img src="a.jpg"></figure>');
  assert.equal(selectPreset('https://blog.example/post', entries, wordpress)?.preset.id, 'wordpress');
  assert.equal(selectPreset('https://blog.example/post', entries, page)?.preset.id, 'plain');
  const onlyDetecting = entries.slice(0, 2);
  assert.equal(selectPreset('https://blog.example/post', onlyDetecting, page), undefined);
  // A detect selector this DOM cannot parse detects nothing instead of throwing.
  assert.equal(selectPreset('https://blog.example/post', [entry('broken', ['*://*/*'], { detect: 'div[[' })], page), undefined);
});

test('no preset: extractPage falls back to the generic extraction; a chosen preset or null overrides the choice', () => {
  const html = '<h1>Page</h1><img src="https://cdn.example/one.jpg"><a href="https://cdn.example/doc.pdf">doc</a>';
  const document = htmlDocument(html);
  const generic = extractPage(document, 'https://x.example/page', []);
  assert.equal(generic.preset, undefined);
  assert.equal(generic.result, undefined);
  assert.deepEqual(generic.items.map((i) => [i.media_kind, i.image_urls ?? i.file_urls]), [
    ['image', ['https://cdn.example/one.jpg']],
    ['file', ['https://cdn.example/doc.pdf']],
  ]);

  const pdfs = entry('pdfs', ['https://elsewhere.example/*'], { fields: { file_urls: [{ selector: 'a' }] } });
  const forced = extractPage(document, 'https://x.example/page', [pdfs], { preset: pdfs });
  assert.equal(forced.preset?.preset.id, 'pdfs', 'the preset the user switched to applies whatever the URL');
  assert.deepEqual(forced.items, [{ url: 'https://x.example/page', file_urls: ['https://cdn.example/doc.pdf'], referer: 'https://x.example/page' }]);

  assert.deepEqual(summariseExtraction(forced), {
    pageUrl: 'https://x.example/page',
    preset: { id: 'pdfs', name: 'Test', origin: 'builtin', overrides: false },
    items: forced.items,
    counts: { itemElements: 1, items: 1, urls: 1, rewritten: 0, filtered: 0, emptyItems: 0 },
    warnings: [],
  });
  assert.equal(summariseExtraction(generic).preset, undefined);
  assert.doesNotThrow(() => structuredClone(summariseExtraction(forced)), 'a summary crosses runtime messaging');

  const catchAll = entry('all', ['*://*/*']);
  assert.equal(extractPage(document, 'https://x.example/page', [catchAll]).preset?.preset.id, 'all');
  assert.equal(extractPage(document, 'https://x.example/page', [catchAll], { preset: null }).preset, undefined);
});

test('each built-in preset is the one chosen for its own contract pages, among all built-ins', () => {
  const entries = asEntries(BUILTIN_PRESETS, 'builtin');
  for (const preset of BUILTIN_PRESETS) {
    for (const contract of preset.contracts ?? []) {
      const document = fixtureDocument(contract.page!.replace('test/fixtures/presets/', ''));
      assert.equal(selectPreset(contract.url, entries, document)?.preset.id, preset.id, contract.url);
    }
  }
  // And none of them claims an ordinary page.
  assert.equal(selectPreset('https://news.example/2024/story', entries, page), undefined);
});
