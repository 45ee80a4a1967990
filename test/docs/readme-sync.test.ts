// The README is the user's reference: every error code and every setting must be listed there, and
// nothing listed there may be stale.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SETTINGS } from '../../companion/config/settings-table.js';
import { ERROR_CATALOGUE } from '../../shared/errors.js';
import { REPO_ROOT } from '../helpers/cli.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

function tableCodes(prefix: string): string[] {
  return [...readme.matchAll(new RegExp(`^\\| \`(${prefix}[A-Z0-9_]*)\` \\|`, 'gm'))].map((m) => m[1]!);
}

test('the README lists every error code of the catalogue, and no other', () => {
  const listed = tableCodes('ERR_');
  assert.deepEqual([...listed].sort(), Object.keys(ERROR_CATALOGUE).sort());
});

test('the README documents every setting', () => {
  const missing = Object.keys(SETTINGS).filter((name) => !readme.includes(`| \`${name}\` |`));
  assert.deepEqual(missing, []);
});

test('the README shows the two set-up commands on its first screen', () => {
  const firstScreen = readme.split('\n').slice(0, 30).join('\n');
  assert.match(firstScreen, /npm install && npx gleaner serve/);
  assert.match(firstScreen, /npm test/);
});
