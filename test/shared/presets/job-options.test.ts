// A preset's pipeline options as the daemon's job options: what the extension submits with a page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presetJobOptions } from '../../../shared/presets/index.js';
import { JobOptions } from '../../../shared/protocol/common.js';
import { makePreset } from './preset-helpers.js';

test('pipeline options map onto job.submit target and options, which the protocol accepts', () => {
  const preset = makePreset({ pipeline: { target: 'photos', thumbs: { small: [50, 50] }, minWidth: 300, minHeight: 200, expires: 7 } });
  const { target, options } = presetJobOptions(preset);
  assert.equal(target, 'photos');
  assert.deepEqual(options, { thumbs: { small: [50, 50] }, minWidth: 300, minHeight: 200, expiresDays: 7 });
  assert.equal(JobOptions.safeParse(options).success, true);
  assert.deepEqual(presetJobOptions(makePreset()), { options: {} });
});
