// Import and export of presets in the options page: each preset of a file checked on its own, problems
// with their file, preset, path, line and column; ids unique over everything imported; and exported
// text the companion's own loader (`<config>/presets/*.json`) reads back as the same presets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadPresetFile } from '../../companion/presets/load-presets.js';
import { BUILTIN_PRESETS } from '../../shared/presets/index.js';
import { describeProblem, exportFileName, exportText, parsePresetFiles } from '../../extension/presets/import-export.js';
import { linkedomCheck } from '../shared/presets/preset-helpers.js';

const good = (id: string) => ({ format: 1, id, name: `Preset ${id}`, match: ['https://photos.example/*'], fields: { image_urls: [{ selector: 'img' }] } });

test('a file with one preset object, or a list: the valid ones are kept, each bad one reported at its line', () => {
  const single = parsePresetFiles([{ name: 'one.json', text: JSON.stringify(good('one')) }]);
  assert.deepEqual(single.presets.map((p) => p.id), ['one']);
  assert.deepEqual(single.problems, []);

  const list = [good('a'), { ...good('b'), fields: { image_urls: [{ selector: 'img', atributes: ['src'] }] } }, { ...good('c'), detect: 'div[[' }];
  const text = JSON.stringify(list, null, 2);
  const result = parsePresetFiles([{ name: 'list.json', text }], { checkSelector: linkedomCheck });
  assert.deepEqual(result.presets.map((p) => p.id), ['a']);
  assert.equal(result.problems.length, 2);
  const [b, c] = result.problems;
  assert.equal(b!.index, 1);
  assert.equal(b!.id, 'b');
  assert.equal(b!.issues[0]!.where, '[1].fields.image_urls[0].atributes');
  const lines = text.split('\n');
  assert.match(lines[b!.issues[0]!.location!.line - 1]!, /"atributes"/, 'the line of the misspelt key');
  assert.equal(c!.issues[0]!.where, '[2].detect');
  assert.match(c!.issues[0]!.message, /not a valid CSS selector/);
  assert.match(lines[c!.issues[0]!.location!.line - 1]!, /"detect"/);
  const described = describeProblem(b!);
  assert.equal(described.length, 1);
  assert.match(described[0]!, /^list\.json, preset 2 \(b\), line \d+, column \d+: \[1\]\.fields\.image_urls\[0\]\.atributes: unknown key "atributes"$/);
});

test('not JSON, an empty list, and ids used twice (in one file or across files) are reported', () => {
  const broken = parsePresetFiles([{ name: 'broken.json', text: '{\n  "id": "x",\n  "name": "X"\n  "match": []\n}' }]);
  assert.equal(broken.presets.length, 0);
  assert.equal(broken.problems[0]!.issues[0]!.location?.line, 4);
  assert.match(describeProblem(broken.problems[0]!)[0]!, /^broken\.json, line 4, column 3: not valid JSON/);

  assert.match(parsePresetFiles([{ name: 'empty.json', text: '[]' }]).problems[0]!.issues[0]!.message, /empty list/);

  const twice = parsePresetFiles([
    { name: 'first.json', text: JSON.stringify([good('dup'), good('other')]) },
    { name: 'second.json', text: JSON.stringify(good('dup')) },
  ]);
  assert.deepEqual(twice.presets.map((p) => p.id), ['dup', 'other']);
  assert.equal(twice.problems.length, 1);
  assert.equal(twice.problems[0]!.file, 'second.json');
  assert.match(twice.problems[0]!.issues[0]!.message, /"dup" is already used by a preset of first\.json/);
});

test("export writes the companion's format: one preset as an object (<id>.json), several as a list", async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gleaner-export-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const one = [BUILTIN_PRESETS[0]!];
  assert.equal(exportFileName(one), `${BUILTIN_PRESETS[0]!.id}.json`);
  assert.equal(exportText(one), `${JSON.stringify(BUILTIN_PRESETS[0], null, 2)}\n`);
  assert.equal(exportFileName(BUILTIN_PRESETS), 'gleaner-presets.json');
  assert.ok(Array.isArray(JSON.parse(exportText(BUILTIN_PRESETS))));

  // What the extension exports, the companion loads unchanged; and the extension imports it back.
  for (const presets of [one, [...BUILTIN_PRESETS]]) {
    const file = path.join(dir, exportFileName(presets));
    await writeFile(file, exportText(presets));
    const loaded = await loadPresetFile(file);
    assert.deepEqual(loaded.map((e) => e.preset), presets);
    const back = parsePresetFiles([{ name: path.basename(file), text: exportText(presets) }], { checkSelector: linkedomCheck });
    assert.deepEqual(back, { presets, problems: [] });
  }
});
