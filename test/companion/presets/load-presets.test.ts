// Loading presets on this machine: the user's folder (one preset or a list per file), errors naming the
// file, path, line and column, duplicate ids, --preset ID|FILE, and where contract pages are found.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import {
  builtinEntries,
  contractPagePath,
  loadPresetFile,
  loadPresets,
  loadUserPresets,
  packageRoot,
  resolvePresetArgument,
} from '../../../companion/presets/load-presets.js';
import { GleanerError } from '../../../shared/errors.js';
import { mergePresets } from '../../../shared/presets/index.js';
import { tempDir } from '../../helpers/job.js';

const preset = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id, match: ['*://*/*'], fields: { image_urls: [{ selector: 'img' }] }, ...extra });

async function rejectsWith(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GleanerError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

test('a file holds one preset or a list; problems name the file, the path and the line', async (t) => {
  const dir = await tempDir(t);
  const one = path.join(dir, 'one.json');
  const list = path.join(dir, 'list.json');
  const bad = path.join(dir, 'bad.json');
  const badList = path.join(dir, 'bad-list.json');
  const broken = path.join(dir, 'broken.json');
  await writeFile(one, JSON.stringify(preset('one')));
  await writeFile(list, JSON.stringify([preset('a'), preset('b')]));
  await writeFile(bad, JSON.stringify(preset('bad', { fields: { image_urls: [{ selector: 'img[' }] } }), null, 2));
  await writeFile(badList, JSON.stringify([preset('fine'), preset('nope', { match: ['nope'] })], null, 2));
  await writeFile(broken, '{"id": "x",\n  "name": "X"\n  "match": []}');
  assert.deepEqual((await loadPresetFile(one)).map((e) => [e.preset.id, e.origin, e.source]), [['one', 'user', one]]);
  assert.deepEqual((await loadPresetFile(list)).map((e) => e.preset.id), ['a', 'b']);
  await rejectsWith(loadPresetFile(bad), 'ERR_PRESET_INVALID', /bad\.json: fields\.image_urls\[0\]\.selector \(line 10, column 9\): not a valid CSS selector/);
  await rejectsWith(loadPresetFile(badList), 'ERR_PRESET_INVALID', /bad-list\.json: \[1\]\.match\[0\] \(line \d+, column \d+\): a match pattern must start with/);
  await rejectsWith(loadPresetFile(broken), 'ERR_PRESET_JSON', /broken\.json \(line 3, column 3\): not valid JSON: expected "," or "}"/);
  await rejectsWith(loadPresetFile(path.join(dir, 'absent.json')), 'ERR_PRESET_NOT_FOUND', /Cannot read the preset file/);
});

test('the user folder: *.json in name order, duplicates and broken files reported, the rest kept', async (t) => {
  const dir = await tempDir(t);
  await writeFile(path.join(dir, '1-first.json'), JSON.stringify(preset('mine')));
  await writeFile(path.join(dir, '2-again.json'), JSON.stringify(preset('mine')));
  await writeFile(path.join(dir, '3-broken.json'), '{');
  await writeFile(path.join(dir, '4-shopify.json'), JSON.stringify(preset('shopify-product', { name: 'My shop' })));
  await writeFile(path.join(dir, 'notes.txt'), 'not a preset');
  const user = await loadUserPresets(dir);
  assert.deepEqual(user.entries.map((e) => e.preset.id), ['mine', 'shopify-product']);
  assert.deepEqual(user.problems.map((p) => p.code), ['ERR_PRESET_DUPLICATE', 'ERR_PRESET_JSON']);
  assert.match(user.problems[0]!.message, /"mine" is used by .*1-first\.json and .*2-again\.json/);
  await rejectsWith(loadPresets(dir), 'ERR_PRESET_DUPLICATE', /mine/);
  assert.deepEqual(await loadUserPresets(path.join(dir, 'absent')), { entries: [], problems: [] });
  const merged = mergePresets(builtinEntries(), user.entries);
  const shopify = merged.find((e) => e.preset.id === 'shopify-product')!;
  assert.deepEqual([shopify.origin, shopify.overrides, shopify.preset.name], ['user', true, 'My shop']);
});

test('--preset takes an id or a file; an unknown id lists the known ones', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'custom.json');
  await writeFile(file, JSON.stringify(preset('custom')));
  const entries = builtinEntries();
  assert.equal((await resolvePresetArgument('mediawiki', entries)).preset.id, 'mediawiki');
  assert.equal((await resolvePresetArgument(file, entries)).preset.id, 'custom');
  await rejectsWith(resolvePresetArgument('nope', entries), 'ERR_PRESET_NOT_FOUND', /No preset has the id "nope" \(known: wordpress-gallery, mediawiki/);
  const two = path.join(dir, 'two.json');
  await writeFile(two, JSON.stringify([preset('a'), preset('b')]));
  await rejectsWith(resolvePresetArgument(two, entries), 'ERR_PRESET_INVALID', /holds 2 presets/);
});

test('contract pages: built-ins from the package root, user presets from their own folder', async (t) => {
  const dir = await tempDir(t);
  await mkdir(path.join(dir, 'pages'));
  const file = path.join(dir, 'mine.json');
  await writeFile(file, JSON.stringify(preset('mine', { contracts: [{ url: 'https://a.example/', page: 'pages/a.html' }, { url: 'https://a.example/' }] })));
  const [mine] = await loadPresetFile(file);
  assert.equal(contractPagePath(mine!, mine!.preset.contracts![0]!), path.join(dir, 'pages/a.html'));
  assert.equal(contractPagePath(mine!, mine!.preset.contracts![1]!), undefined);
  const wordpress = builtinEntries().find((e) => e.preset.id === 'wordpress-gallery')!;
  assert.equal(contractPagePath(wordpress, wordpress.preset.contracts![0]!), path.join(packageRoot(), 'test/fixtures/presets/wordpress-gallery.html'));
});
