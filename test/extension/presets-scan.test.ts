// From a preset's extraction to the popup and the job: the scan view (items as media, the switch list,
// the preset's pipeline options), one job item per chosen URL carrying its item's fields, the rule for
// target and options (defaults < preset < the popup's choice), and the preview's outlines in a page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PRESETS, asEntries, extractPage, summariseExtraction, type Preset } from '../../shared/presets/index.js';
import type { ExtractResponse } from '../../extension/content/scan-page.js';
import { clearHighlights, highlightMatches, PREVIEW_ATTR, PREVIEW_CSS, PREVIEW_FIELDS_ATTR } from '../../extension/content/highlight.js';
import { JobBook } from '../../extension/background/job-book.js';
import { presetEntries } from '../../extension/presets/entries.js';
import { jobFor, presetJobItems, presetMedia, scanView } from '../../extension/presets/preset-scan.js';
import { DEFAULT_SETTINGS } from '../../extension/settings.js';
import { EXPECTED_URLS } from '../shared/presets/builtin-expected.js';
import { fixtureDocument } from '../shared/presets/preset-helpers.js';

const FORUM = 'https://forum.example/threads/trail-photos-2024.1234/';
const BOARD = 'https://board.example/p/thread/123456';

function responseFor(fixture: string, pageUrl: string, entries = presetEntries([])): ExtractResponse {
  const summary = summariseExtraction(extractPage(fixtureDocument(fixture), pageUrl, entries));
  return { pageUrl, title: 'Page title', media: [], truncated: false, extractMs: 1, elementCount: 10, ...(summary.preset ? { preset: summary } : {}) };
}

test("a preset's scan: its items as media (one per URL, kinds from the field), the switch list, its pipeline options", () => {
  const withPipeline = { ...BUILTIN_PRESETS.find((p) => p.id === 'xenforo-thread')!, pipeline: { target: 'forums', minWidth: 300, expires: 7 } } as Preset;
  const entries = presetEntries([withPipeline]);
  const view = scanView(3, responseFor('xenforo-thread.html', FORUM, entries), entries);
  assert.equal(view.tabId, 3);
  assert.equal(view.forced, false);
  assert.deepEqual(view.preset && [view.preset.id, view.preset.origin, view.preset.overrides], ['xenforo-thread', 'user', true]);
  assert.deepEqual(view.preset!.counts.items, 2);
  assert.deepEqual(view.preset!.job, { target: 'forums', options: { minWidth: 300, expiresDays: 7 } });
  const expected = EXPECTED_URLS[FORUM]!.flatMap((item) => [...(item.image_urls ?? []), ...(item.file_urls ?? [])]);
  assert.deepEqual(new Set(view.media.map((m) => m.url)), new Set(expected));
  assert.equal(view.media.length, expected.length);
  const zip = view.media.find((m) => m.url.includes('gpx-tracks-zip'))!;
  assert.equal(zip.kind, 'file');
  assert.equal(zip.referer, FORUM);
  assert.equal(view.media.find((m) => m.url === 'https://img.example/peak.jpg')!.kind, 'image');
  assert.equal(view.choices![0]!.id, 'xenforo-thread');
});

test('the generic extraction leaves the scan as it was; a forced choice is marked', () => {
  const entries = presetEntries([]);
  const generic = scanView(1, responseFor('xenforo-thread.html', FORUM, []), entries, null);
  assert.equal(generic.preset, undefined);
  assert.equal(generic.forced, true);
  assert.equal(generic.choices!.length, entries.length);
});

test('one job item per chosen URL, with its item fields, in the field the preset put it in', () => {
  const board = summariseExtraction(extractPage(fixtureDocument('image-board-thread.html'), BOARD, asEntries(BUILTIN_PRESETS, 'builtin')));
  const media = presetMedia(board.items, BOARD);
  assert.equal(media[0]!.kind, 'image', 'a .jpg original shows as an image in the popup');
  const chosen = [media[1]!, media[0]!];
  const items = presetJobItems(board.items, chosen, { pageUrl: BOARD, title: 'Thread' });
  assert.equal(items.length, 2);
  const first = items[0]!;
  assert.deepEqual(first.file_urls, [media[1]!.url], 'stays in file_urls: stored byte for byte');
  assert.equal(first.image_urls, undefined);
  assert.equal(first.url, BOARD);
  assert.equal(first.referer, BOARD);
  assert.equal(first.media_kind, 'image');
  const source = board.items.find((i) => (i.file_urls as string[]).includes(media[1]!.url))!;
  assert.equal(first.post_id, source.post_id);
  assert.equal(first.thread_id, '123456');
  assert.equal(first.title, 'Thread', 'the page title when the preset has no title field');
  // A preset field named title wins over the page's title.
  const wp = summariseExtraction(extractPage(fixtureDocument('wordpress-gallery.html'), 'https://blog.example/2024/05/alpine-trip/', asEntries(BUILTIN_PRESETS, 'builtin')));
  const [wpItem] = presetJobItems(wp.items, presetMedia(wp.items, 'x').slice(0, 1), { pageUrl: 'https://blog.example/2024/05/alpine-trip/', title: 'Page' });
  assert.equal(wpItem!.title, wp.items[0]!.title);
  assert.notEqual(wpItem!.title, 'Page');
});

test('the job book submits the preset items it is given, one per file', () => {
  const board = summariseExtraction(extractPage(fixtureDocument('image-board-thread.html'), BOARD, asEntries(BUILTIN_PRESETS, 'builtin')));
  const media = presetMedia(board.items, BOARD);
  const items = presetJobItems(board.items, media, { pageUrl: BOARD, title: 'Thread' });
  const record = new JobBook().create({ pageUrl: BOARD, title: 'Thread', options: {}, media, items });
  assert.deepEqual(record.items, items);
  assert.deepEqual(record.files.map((f) => f.url), media.map((m) => m.url));
});

test('target and options: defaults < the preset < the target chosen in the popup', () => {
  const settings = { ...DEFAULT_SETTINGS, target: 'default-store', thumbnails: true, minWidth: 100 };
  const preset = { target: 'photos', options: { minWidth: 300, expiresDays: 30 } };
  assert.deepEqual(jobFor(settings, undefined), { target: 'default-store', options: { redirects: true, thumbs: { small: [50, 50], big: [270, 270] }, minWidth: 100 } });
  const withPreset = jobFor(settings, preset);
  assert.equal(withPreset.target, 'photos');
  assert.deepEqual(withPreset.options, { redirects: true, thumbs: { small: [50, 50], big: [270, 270] }, minWidth: 300, expiresDays: 30 });
  assert.equal(jobFor(settings, preset, 'archive').target, 'archive', 'the popup choice wins');
  assert.deepEqual(jobFor(settings, preset, ''), { options: withPreset.options }, "'' chosen in the popup: the companion's default target");
  assert.equal(jobFor(settings, { options: {} }).target, 'default-store', 'a preset without a target keeps the default');
  assert.deepEqual(jobFor({ ...DEFAULT_SETTINGS }, undefined), { options: { redirects: true } });
});

test("the preview outlines each matched element once, marks its fields, and clears every mark", () => {
  const document = fixtureDocument('xenforo-thread.html');
  const preset = BUILTIN_PRESETS.find((p) => p.id === 'xenforo-thread')!;
  const extraction = extractPage(document, FORUM, [], { preset: { preset, origin: 'builtin' } });
  const matches = extraction.result!.matches;
  const shown = highlightMatches(matches);
  // Every item element is outlined, the post without media too (counts: 3 elements, 2 items kept).
  assert.deepEqual([extraction.result!.counts.itemElements, extraction.result!.counts.items], [3, 2]);
  assert.equal(shown.items, 3);
  assert.equal(document.querySelectorAll(`[${PREVIEW_ATTR}~="item"]`).length, 3);
  const fieldElements = new Set(Object.values(matches.fields).flat());
  assert.equal(document.querySelectorAll(`[${PREVIEW_ATTR}~="field"]`).length, fieldElements.size);
  assert.equal(shown.elements, new Set([...matches.items, ...fieldElements]).size);
  assert.equal(shown.fields.author, 3, 'the item element itself, once per item');
  // post_id and author read the item's own element: it is both an item and a field.
  const post = document.querySelector('article.message--post')!;
  assert.equal(post.getAttribute(PREVIEW_ATTR), 'item field');
  assert.deepEqual(post.getAttribute(PREVIEW_FIELDS_ATTR)!.split(' ').sort(), ['author', 'post_id']);
  // The stylesheet the background inserts styles exactly those marks.
  assert.match(PREVIEW_CSS, /\[data-gleaner-preview~="item"\] \{ outline: 3px solid/);
  assert.match(PREVIEW_CSS, /\[data-gleaner-preview~="field"\] \{ outline: 2px dashed/);
  assert.equal(clearHighlights(document), shown.elements);
  assert.equal(document.querySelectorAll(`[${PREVIEW_ATTR}], [${PREVIEW_FIELDS_ATTR}]`).length, 0);
});
