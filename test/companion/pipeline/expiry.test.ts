import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isExpired } from '../../../companion/pipeline/expiry.js';

const DAY = 86400;
const now = 1_800_000_000_000; // ms

test('exactly the expiry is up to date; one second more is expired (strict comparison)', () => {
  const nowS = now / 1000;
  assert.equal(isExpired(nowS - 90 * DAY, 90, now), false);
  assert.equal(isExpired(nowS - 90 * DAY - 1, 90, now), true);
  assert.equal(isExpired(nowS - 89 * DAY, 90, now), false);
});

test('a future mtime is up to date; 0 days downloads unless the mtime is now or later; negative always downloads', () => {
  const nowS = now / 1000;
  assert.equal(isExpired(nowS + 3600, 90, now), false);
  assert.equal(isExpired(nowS, 0, now), false);
  assert.equal(isExpired(nowS - 1, 0, now), true);
  assert.equal(isExpired(nowS + 3600, -1, now), true);
});
