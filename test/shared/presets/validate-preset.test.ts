// Preset validation: every problem at its exact path (and, for JSON text, line and column), so the
// options page can show it in place and the command line can name it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BUILTIN_PRESETS,
  formatIssues,
  validatePreset,
  validatePresetText,
  type PresetIssue,
} from '../../../shared/presets/index.js';
import { linkedomCheck } from './preset-helpers.js';

const valid = {
  id: 'gallery',
  name: 'Gallery',
  match: ['https://photos.example/album/*'],
  fields: { title: { selector: 'h1' }, image_urls: [{ selector: '.album img', attributes: ['data-src', 'src'] }] },
};

function issuesOf(value: unknown): PresetIssue[] {
  const result = validatePreset(value, { checkSelector: linkedomCheck });
  assert.equal(result.ok, false, 'expected the preset to be refused');
  return result.ok ? [] : result.issues;
}

function wheres(value: unknown): string[] {
  return issuesOf(value).map((i) => i.where);
}

test('a small preset and every built-in preset are valid', () => {
  assert.equal(validatePreset(valid).ok, true);
  assert.ok(BUILTIN_PRESETS.length >= 5);
  for (const preset of BUILTIN_PRESETS) {
    const result = validatePreset(JSON.parse(JSON.stringify(preset)), { checkSelector: linkedomCheck });
    assert.equal(result.ok, true, `${preset.id}: ${result.ok ? '' : formatIssues(result.issues)}`);
  }
});

test('each mistake is reported at its own path', () => {
  assert.deepEqual(wheres({ ...valid, id: 'Has Spaces' }), ['id']);
  assert.deepEqual(wheres({ ...valid, match: ['https://photos.example/*', 'photos.example/*'] }), ['match[1]']);
  assert.deepEqual(wheres({ ...valid, fields: { image_urls: [{ selector: 'img', atributes: ['src'] }] } }), ['fields.image_urls[0].atributes']);
  assert.deepEqual(wheres({ ...valid, fields: { ...valid.fields, url: { selector: 'a' } } }), ['fields.url']);
  assert.deepEqual(wheres({ ...valid, fields: { title: { selector: 'h1' } } }), ['fields']);
  assert.deepEqual(wheres({ ...valid, rewrite: [{ pattern: '(unclosed', replace: '' }] }), ['rewrite[0].pattern']);
  assert.deepEqual(wheres({ ...valid, rewrite: [{ pattern: 'a', replace: 'b', flags: 'gg' }] }), ['rewrite[0].flags']);
  assert.deepEqual(wheres({ ...valid, filters: { include: ['ok', '[bad'] } }), ['filters.include[1]']);
  assert.deepEqual(wheres({ ...valid, actions: [{ type: 'wait', ms: 10 }, { type: 'scroll' }] }), ['actions[1]']);
  assert.deepEqual(wheres({ ...valid, actions: [{ type: 'hover', selector: 'a' }] }), ['actions[0].type']);
  assert.deepEqual(wheres({ ...valid, pipeline: { thumbs: { small: [50, 0] } } }), ['pipeline.thumbs.small[1]']);
});

test('unknown keys are each named, at their own place', () => {
  const issues = issuesOf({ ...valid, selectors: {}, fields: { image_urls: [{ selector: 'img', atribute: 'src' }] } });
  assert.deepEqual(
    issues.map((i) => `${i.where}: ${i.message}`).sort(),
    ['fields.image_urls[0].atribute: unknown key "atribute"', 'selectors: unknown key "selectors"'],
  );
});

test('selectors are checked by the DOM the caller has; without one they are not', () => {
  const broken = { ...valid, detect: 'div[[', fields: { image_urls: [{ selector: 'img' }, { selector: 'a:nth-child(' }] } };
  assert.deepEqual(wheres(broken), ['detect', 'fields.image_urls[1].selector']);
  assert.match(issuesOf(broken)[0]!.message, /^not a valid CSS selector: /);
  assert.equal(validatePreset(broken).ok, true, 'no DOM, no selector check');
});

test('contracts must be about pages the preset matches and fields it fills', () => {
  // Format errors come first; what needs a well-formed preset (patterns against URLs, field names) after.
  assert.deepEqual(wheres({ ...valid, contracts: [{ url: 'https://photos.example/album/1', items: [4, 2] }] }), ['contracts[0].items']);
  const preset = {
    ...valid,
    contracts: [
      { url: 'https://photos.example/album/1', items: [1, 3], scrapes: ['title', 'price'] },
      { url: 'https://elsewhere.example/album/1', items: [1] },
    ],
  };
  assert.deepEqual(wheres(preset).sort(), ['contracts[0].scrapes[1]', 'contracts[1].url']);
});

test('a contract page stays inside the preset folder: no absolute path, no ..', () => {
  const withPage = (page: string) => ({ ...valid, contracts: [{ url: 'https://photos.example/album/1', page }] });
  assert.equal(validatePreset(withPage('pages/album.html')).ok, true);
  for (const page of ['/etc/passwd', '../secret.html', 'pages/../../x.html', 'C:\\x.html', '..\\x.html']) {
    assert.deepEqual(wheres(withPage(page)), ['contracts[0].page'], page);
  }
});

test('an excluded contract URL is refused too', () => {
  const preset = { ...valid, exclude: ['*://*/album/private*'], contracts: [{ url: 'https://photos.example/album/private-1' }] };
  assert.deepEqual(wheres(preset), ['contracts[0].url']);
});

test('JSON text: a syntax error and each issue come with line and column', () => {
  const missingComma = '{\n  "id": "x",\n  "name": "X"\n  "match": []\n}';
  const syntax = validatePresetText(missingComma);
  assert.equal(syntax.ok, false);
  if (syntax.ok) return;
  assert.equal(syntax.issues.length, 1);
  assert.deepEqual([syntax.issues[0]!.location?.line, syntax.issues[0]!.location?.column], [4, 3]);
  assert.match(syntax.issues[0]!.message, /^not valid JSON: expected "," or "}"/);

  const text = JSON.stringify({ ...valid, fields: { image_urls: [{ selector: 'img', atributes: ['src'] }] } }, null, 2);
  const result = validatePresetText(text);
  assert.equal(result.ok, false);
  if (result.ok) return;
  const located = result.issues[0]!;
  assert.equal(located.where, 'fields.image_urls[0].atributes');
  const line = text.split('\n')[located.location!.line - 1]!;
  assert.equal(line.slice(located.location!.column - 1), '"atributes": [');
  assert.match(formatIssues(result.issues), /^fields\.image_urls\[0\]\.atributes \(line \d+, column \d+\): unknown key "atributes"$/);
});

test('a missing key is located at its object', () => {
  const text = '{\n  "id": "x",\n  "match": ["*://*/*"],\n  "fields": {"image_urls": [{"selector": "img"}]}\n}';
  const result = validatePresetText(text);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.issues.map((i) => [i.where, i.location?.line]), [['name', 1]]);
});

test('validation errors of strings inside the text are located even with escapes and unicode', () => {
  const text = '{"id": "ok", "name": "Caf\\u00e9 \\"quoted\\" ✓",\n "match": ["*://*/*"], "fields": {"image_urls": [{"selector": ""}]}}';
  const result = validatePresetText(text);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.issues[0]!.where, 'fields.image_urls[0].selector');
  assert.equal(result.issues[0]!.location!.line, 2);
  assert.equal(text.split('\n')[1]!.slice(result.issues[0]!.location!.column - 1, result.issues[0]!.location!.column + 10), '"selector":');
});
