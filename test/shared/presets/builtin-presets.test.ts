// Each built-in preset on its saved page, in Node (linkedom): its contracts pass and it finds exactly
// the originals the page holds — no thumbnails, avatars, logos or related products.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_PRESETS, checkContract } from '../../../shared/presets/index.js';
import { EXPECTED_URLS, urlFields } from './builtin-expected.js';
import { fixtureDocument } from './preset-helpers.js';

test('there are at least five built-in presets, each with a contract on a saved page', () => {
  assert.ok(BUILTIN_PRESETS.length >= 5);
  for (const preset of BUILTIN_PRESETS) {
    assert.ok(preset.contracts && preset.contracts.length > 0, preset.id);
    for (const contract of preset.contracts) assert.match(contract.page ?? '', /^test\/fixtures\/presets\/[\w-]+\.html$/, preset.id);
  }
});

for (const preset of BUILTIN_PRESETS) {
  test(`built-in ${preset.id}: contracts pass and the items are the page's originals`, () => {
    preset.contracts!.forEach((contract, index) => {
      const document = fixtureDocument(contract.page!.replace('test/fixtures/presets/', ''));
      const outcome = checkContract(preset, index, document);
      assert.deepEqual(outcome.failures, [], `${preset.id} contract ${index}`);
      assert.equal(outcome.passed, true);
      assert.deepEqual(urlFields(outcome.result.items), EXPECTED_URLS[contract.url], contract.url);
      for (const item of outcome.result.items) {
        assert.equal(item.url, contract.url);
        assert.equal(item.referer, contract.url, 'media are fetched with the page as Referer');
      }
    });
  });
}
