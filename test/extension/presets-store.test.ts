// User presets in the extension: what storage.local holds and how it is read back (validated again,
// unusable entries kept aside), the editor's save and rename rules, import's replace-by-id, delete, and
// the merge with the built-ins that every scan chooses from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PRESETS, type Preset } from '../../shared/presets/index.js';
import { PresetStore, type PresetStorage } from '../../extension/background/preset-store.js';
import { presetEntries, switchChoices } from '../../extension/presets/entries.js';
import { presetRows } from '../../extension/presets/preset-rows.js';
import { deletePreset, importPresets, readStoredPresets, savePreset, USER_PRESETS_KEY } from '../../extension/presets/user-presets.js';

const preset = (id: string, extra: Partial<Preset> = {}): Preset =>
  ({ id, name: `Preset ${id}`, match: ['https://photos.example/*'], fields: { image_urls: [{ selector: 'img' }] }, ...extra }) as Preset;

class MemoryStorage implements PresetStorage {
  readonly data = new Map<string, unknown>();
  writes = 0;
  async get(key: string) {
    return this.data.has(key) ? { [key]: structuredClone(this.data.get(key)) } : {};
  }
  async set(items: Record<string, unknown>) {
    this.writes++;
    // A little later, as a real storage area answers: lets two changes overlap if the store allowed it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const [key, value] of Object.entries(items)) this.data.set(key, structuredClone(value));
  }
}

test('stored presets are validated again when read: bad and repeated ones are reported, not used', () => {
  assert.deepEqual(readStoredPresets(undefined), { presets: [], problems: [], invalid: [] });
  const notList = readStoredPresets({ id: 'x' });
  assert.equal(notList.presets.length, 0);
  assert.match(notList.problems[0]!, /not a list/);
  const broken = { ...preset('broken'), fields: { image_urls: [{ selector: 'img', atributes: ['src'] }] } };
  const read = readStoredPresets([preset('a'), broken, preset('a'), preset('b')]);
  assert.deepEqual(read.presets.map((p) => p.id), ['a', 'b']);
  assert.equal(read.problems.length, 2);
  assert.match(read.problems[0]!, /"broken" is not valid any more.*fields\.image_urls\[0\]\.atributes/);
  assert.match(read.problems[1]!, /"a" appears twice/);
  assert.deepEqual(read.invalid, [broken]);
});

test('saving: a new preset is added, an edited one replaced in place (renamed too), a clash refused', () => {
  const list = [preset('a'), preset('b')];
  assert.deepEqual(savePreset(list, preset('c')).map((p) => p.id), ['a', 'b', 'c']);
  const edited = savePreset(list, preset('a', { name: 'Edited' }), 'a');
  assert.deepEqual(edited.map((p) => [p.id, p.name]), [['a', 'Edited'], ['b', 'Preset b']]);
  assert.deepEqual(savePreset(list, preset('a2'), 'a').map((p) => p.id), ['a2', 'b'], 'renamed where it was');
  assert.throws(() => savePreset(list, preset('b')), /already have a preset with the id "b"/, 'a new preset never replaces another');
  assert.throws(() => savePreset(list, preset('b'), 'a'), /already have a preset with the id "b"/, 'nor does a rename');
});

test('importing replaces the user presets with the same id in place and adds the others; ids must be unique', () => {
  const result = importPresets([preset('a'), preset('b')], [preset('b', { name: 'New b' }), preset('c')]);
  assert.deepEqual(result.list.map((p) => [p.id, p.name]), [['a', 'Preset a'], ['b', 'New b'], ['c', 'Preset c']]);
  assert.deepEqual(result.added, ['c']);
  assert.deepEqual(result.replaced, ['b']);
  assert.throws(() => importPresets([], [preset('x'), preset('x')]), /"x" appears twice/);
  assert.deepEqual(deletePreset(result.list, 'b').map((p) => p.id), ['a', 'c']);
});

test('the store keeps the list in storage.local under one key, in the export format, one change at a time', async () => {
  const area = new MemoryStorage();
  const store = new PresetStore(area);
  assert.deepEqual((await store.view()).user, []);
  // Two saves at once from the options page: both survive.
  await Promise.all([store.save(preset('one')), store.save(preset('two'))]);
  assert.deepEqual((area.data.get(USER_PRESETS_KEY) as Preset[]).map((p) => p.id), ['one', 'two']);
  await assert.rejects(store.save({ ...preset('bad'), match: ['ftp://x/*'] }), /not valid: match\[0\]/);
  await assert.rejects(store.save(preset('one')), /already have a preset/);
  const imported = await store.import([preset('two', { name: 'Two again' }), preset('three')]);
  assert.deepEqual(imported.added, ['three']);
  assert.deepEqual(imported.replaced, ['two']);
  await store.delete('one');
  // A new store (the service worker restarted) reads the same presets back.
  const again = new PresetStore(area);
  assert.deepEqual((await again.view()).user.map((p) => [p.id, p.name]), [['two', 'Two again'], ['three', 'Preset three']]);
});

test('stored presets that no longer validate survive other changes, and go when their id is deleted', async () => {
  const area = new MemoryStorage();
  const future = { ...preset('future'), shiny: true };
  area.data.set(USER_PRESETS_KEY, [preset('a'), future]);
  const store = new PresetStore(area);
  const view = await store.view();
  assert.deepEqual(view.user.map((p) => p.id), ['a']);
  assert.match(view.problems[0]!, /"future" is not valid any more.*shiny/);
  await store.save(preset('b'));
  assert.deepEqual(area.data.get(USER_PRESETS_KEY), [preset('a'), preset('b'), future]);
  assert.equal((await store.view()).problems.length, 1);
  await store.delete('future');
  assert.deepEqual(area.data.get(USER_PRESETS_KEY), [preset('a'), preset('b')]);
  assert.deepEqual((await store.view()).problems, []);
});

test('entries: a user preset with a built-in id replaces it (marked), the others follow; scans choose from them', async () => {
  const area = new MemoryStorage();
  const store = new PresetStore(area);
  const mine = preset('mediawiki', { name: 'My wiki', match: ['*://*/wiki/*'] });
  await store.import([mine, preset('photos')]);
  const entries = await store.entries();
  assert.deepEqual(entries.map((e) => e.preset.id), [...BUILTIN_PRESETS.map((p) => p.id), 'photos']);
  const wiki = entries.find((e) => e.preset.id === 'mediawiki')!;
  assert.equal(wiki.origin, 'user');
  assert.equal(wiki.overrides, true);
  assert.equal(wiki.preset.name, 'My wiki');
  assert.equal(entries.find((e) => e.preset.id === 'photos')!.origin, 'user');
  assert.deepEqual(presetEntries([]).map((e) => e.origin), BUILTIN_PRESETS.map(() => 'builtin'));
});

test("the popup's switch list: presets matching the page first, in the automatic choice's order, then the others by name", () => {
  const entries = presetEntries([preset('forum-local', { name: 'A local forum', match: ['http://127.0.0.1/threads/*'] })]);
  const choices = switchChoices('http://127.0.0.1:8123/threads/trail-photos-2024.1234/', entries);
  const matching = choices.filter((c) => c.matches).map((c) => c.id);
  // Exact host beats any host; the WordPress preset matches every page (its detect decides).
  assert.deepEqual(matching, ['forum-local', 'xenforo-thread', 'wordpress-gallery']);
  const others = choices.filter((c) => !c.matches).map((c) => c.name);
  assert.deepEqual(others, [...others].sort((a, b) => a.localeCompare(b)));
  assert.equal(choices.length, entries.length);
  assert.deepEqual(choices[0], { id: 'forum-local', name: 'A local forum', origin: 'user', overrides: false, matches: true });
});

test("the options page's rows show which built-in a user preset replaces", () => {
  const rows = presetRows(BUILTIN_PRESETS, [preset('shopify-product', { name: 'My shop' }), preset('mine')]);
  const shopify = rows.filter((r) => r.preset.id === 'shopify-product');
  assert.deepEqual(shopify.map((r) => [r.origin, r.overrides, r.replaced]), [['builtin', false, true], ['user', true, false]]);
  assert.deepEqual(rows.at(-1)!.preset.id, 'mine');
  assert.equal(rows.length, BUILTIN_PRESETS.length + 2);
  assert.ok(rows.filter((r) => r.origin === 'builtin' && r.preset.id !== 'shopify-product').every((r) => !r.replaced));
});
