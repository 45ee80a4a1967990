import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATH_CASES } from '../fixtures/oracle-cases.js';
import { posixSplitext, purePosixName, purePosixSuffix } from '../../../shared/naming/python-path.js';

test('posixpath.splitext and PurePosixPath name/suffix match CPython 3.11.7 (generated cases)', () => {
  for (const { path, splitext, name, suffix } of PATH_CASES) {
    assert.deepEqual(posixSplitext(path), splitext, `splitext ${JSON.stringify(path)}`);
    assert.equal(purePosixName(path), name, `name ${JSON.stringify(path)}`);
    assert.equal(purePosixSuffix(path), suffix, `suffix ${JSON.stringify(path)}`);
  }
});

test('PurePosixPath rules the naming relies on', () => {
  assert.equal(purePosixSuffix('/report.pdf/'), '.pdf'); // trailing slash ignored
  assert.equal(purePosixSuffix('/a/b.c/.'), '.c'); // "." components dropped
  assert.equal(purePosixSuffix('/.htaccess'), ''); // dot-file
  assert.equal(purePosixSuffix('/file.'), ''); // trailing dot
  assert.equal(purePosixSuffix('/archive.tar.gz'), '.gz');
  assert.equal(purePosixName('/a/..'), '..');
  assert.equal(purePosixName('//'), '');
});

test('posixpath.splitext keeps a lone trailing dot as the extension', () => {
  assert.deepEqual(posixSplitext('file.'), ['file', '.']);
  assert.deepEqual(posixSplitext('/x/.bashrc'), ['/x/.bashrc', '']);
  assert.deepEqual(posixSplitext('a.b/c'), ['a.b/c', '']);
});
