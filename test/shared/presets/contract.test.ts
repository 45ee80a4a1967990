// Contracts catch a broken preset: each expectation that fails is one sentence saying what and how.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_PRESETS, checkContract, type Preset } from '../../../shared/presets/index.js';
import { fixtureDocument, htmlDocument, makePreset } from './preset-helpers.js';

test('a preset whose selectors no longer fit the page fails its item count and its fields', () => {
  const forum = BUILTIN_PRESETS.find((p) => p.id === 'xenforo-thread')!;
  // The forum changed its markup: posts are no longer article.message--post.
  const broken: Preset = { ...forum, items: { selector: 'article.post' } };
  const outcome = checkContract(broken, 0, fixtureDocument('xenforo-thread.html'));
  assert.equal(outcome.passed, false);
  assert.deepEqual(outcome.failures, ['returned 0 items, expected 2', 'returned 0 media URLs, expected 7']);
});

test('@scrapes: fields missing from some items are named with the items', () => {
  const board = BUILTIN_PRESETS.find((p) => p.id === 'image-board-thread')!;
  const broken: Preset = { ...board, fields: { ...board.fields, subject: { selector: '.subject' } }, contracts: [{ ...board.contracts![0]!, scrapes: ['subject', 'filename'] }] };
  const outcome = checkContract(broken, 0, fixtureDocument('image-board-thread.html'));
  assert.deepEqual(outcome.failures, ['field "subject" is missing or empty in items 1, 2, 3']);
});

test('ranges, open-ended minimums, detect and invalid selectors are reported', () => {
  const document = htmlDocument('<div class="g"><img src="/1.jpg"><img src="/2.jpg"></div>');
  const preset = makePreset({
    detect: '.gallery',
    fields: { image_urls: [{ selector: '.g img' }, { selector: 'img:bogus(' }] },
    contracts: [
      { url: 'https://p.example/a', items: [2], urls: [3, 5] },
      { url: 'https://p.example/b', items: [0, 1], urls: [1, 1] },
    ],
  });
  assert.deepEqual(checkContract(preset, 0, document).failures, [
    'the page has no element matching detect ".gallery"',
    'The selector "img:bogus(" is not valid here: ' + checkContract(preset, 0, document).result.warnings[0]!.split('is not valid here: ')[1],
    'returned 1 items, expected at least 2',
    'returned 2 media URLs, expected 3..5',
  ]);
  assert.deepEqual(checkContract(preset, 1, document).failures.slice(-1), ['returned 2 media URLs, expected 1']);
  assert.throws(() => checkContract(preset, 2, document), RangeError);
});

test('a contract about a URL the preset does not match fails, even when validation was skipped', () => {
  const preset = makePreset({ match: ['https://only.example/*'], contracts: [{ url: 'https://other.example/x' }] });
  const outcome = checkContract(preset, 0, htmlDocument('<img src="/a.jpg">'));
  assert.deepEqual(outcome.failures, ['the preset does not match its contract URL https://other.example/x']);
});
