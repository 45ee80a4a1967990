// Table-driven check of the whole naming chain against values computed with real Python (see
// test/shared/fixtures/gen-oracle-cases.py): raw URL → Request.url → canonical form → fingerprint →
// stored path, for ~480 URLs mixing IDN hosts, userinfo, ports, escapes, non-ASCII, data: URLs and the
// extension rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ORACLE_CASES, type Expected } from '../fixtures/oracle-cases.js';
import { safeUrlString } from '../../../shared/url/safe-url.js';
import { canonicalizeUrl } from '../../../shared/url/canonicalize.js';
import { requestFingerprint } from '../../../shared/url/fingerprint.js';
import { filePath } from '../../../shared/naming/media-path.js';
import { guessType } from '../../../shared/naming/mime-types.js';

function run(fn: () => string | null): Expected {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Error && error.name !== 'AssertionError') return { error: 'ValueError' };
    throw error;
  }
}

// Python reports UnicodeError subclasses separately; for us both are "this URL cannot be used".
function normalise(expected: Expected | undefined): Expected | undefined {
  return expected && typeof expected === 'object' ? { error: 'ValueError' } : expected;
}

test('oracle table has a few hundred cases', () => {
  assert.ok(ORACLE_CASES.length > 400, `only ${ORACLE_CASES.length} cases`);
});

for (const [field, fn] of [
  ['safe', (c: (typeof ORACLE_CASES)[number]) => safeUrlString(c.url)],
  ['canonicalRaw', (c: (typeof ORACLE_CASES)[number]) => canonicalizeUrl(c.url)],
  ['canonical', (c: (typeof ORACLE_CASES)[number]) => canonicalizeUrl(c.safe as string)],
  ['fingerprint', (c: (typeof ORACLE_CASES)[number]) => requestFingerprint(c.safe as string)],
  ['filePath', (c: (typeof ORACLE_CASES)[number]) => filePath(c.safe as string)],
  ['guessType', (c: (typeof ORACLE_CASES)[number]) => guessType(c.safe as string)],
] as const) {
  test(`${field} matches Python for every generated URL`, () => {
    const failures: string[] = [];
    let checked = 0;
    for (const c of ORACLE_CASES) {
      const expected = normalise(c[field]);
      if (expected === undefined) continue;
      checked++;
      const actual = run(() => fn(c));
      try {
        assert.deepEqual(actual, expected);
      } catch {
        failures.push(`${JSON.stringify(c.url)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      }
    }
    assert.ok(checked > 0);
    assert.deepEqual(failures, [], `${failures.length}/${checked} differ:\n${failures.slice(0, 20).join('\n')}`);
  });
}
