// The filesystem store: atomic puts, the checksum index, refusing paths outside the root, and cleaning
// staged downloads a crashed run left behind.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { FsStore } from '../../../companion/storage/fs-store.js';
import { md5, tempDir } from '../../helpers/job.js';

function body(text: string) {
  return { size: text.length, md5: md5(text), open: () => Readable.from([Buffer.from(text)]) };
}

test('put is atomic and stat returns the mtime and MD5, from the index when the file is unchanged', async (t) => {
  const dir = await tempDir(t);
  const store = new FsStore(dir);
  await store.open();
  await store.put('full/a.txt', body('hello'));
  assert.equal(await readFile(path.join(dir, 'full/a.txt'), 'utf8'), 'hello');
  assert.deepEqual(await readdir(path.join(dir, 'full')), ['a.txt'], 'no temporary name left');
  const first = await store.stat('full/a.txt');
  assert.equal(first!.checksum, md5('hello'));
  assert.ok(Math.abs(first!.lastModified - Date.now() / 1000) < 60);
  await store.close();
  // Change the file behind the store's back: size and mtime differ, so it is hashed again.
  await writeFile(path.join(dir, 'full/a.txt'), 'changed!');
  const again = new FsStore(dir);
  await again.open();
  assert.equal((await again.stat('full/a.txt'))!.checksum, md5('changed!'));
  assert.equal(await again.stat('full/missing.txt'), null);
});

test('paths that would leave the root are refused', async (t) => {
  const store = new FsStore(await tempDir(t));
  await store.open();
  for (const bad of ['../x', 'full/../../x', '/etc/passwd', 'full//x', 'full\\..\\x', '']) {
    assert.throws(() => store.resolve(bad), { code: 'ERR_STORE_PATH' }, bad);
  }
});

test('open removes staged downloads older than the stale age and keeps fresh ones', async (t) => {
  const dir = await tempDir(t);
  const staging = path.join(dir, '.gleaner-staging');
  await mkdir(staging, { recursive: true });
  await writeFile(path.join(staging, 'old.download'), 'left by a crash');
  await writeFile(path.join(staging, 'fresh.download'), 'still downloading');
  const hourAgo = Date.now() / 1000 - 3600;
  await utimes(path.join(staging, 'old.download'), hourAgo, hourAgo);
  const store = new FsStore(dir, 10 * 60 * 1000);
  await store.open();
  assert.deepEqual(await readdir(staging), ['fresh.download']);
});

test('a staged file the caller gives up is moved into place (same inode); others are copied; in-memory data is written', async (t) => {
  const dir = await tempDir(t);
  const store = new FsStore(dir);
  await store.open();
  const staged = path.join(store.stagingDir, 'x.download');
  await mkdir(store.stagingDir, { recursive: true });
  await writeFile(staged, 'received');
  const { ino } = await stat(staged);
  let moved = false;
  await store.put('full/deep/b.bin', {
    size: 8, md5: md5('received'), file: staged, open: () => Readable.from([Buffer.from('received')]), moved: () => (moved = true),
  });
  assert.equal(moved, true, 'the caller is told');
  assert.equal((await stat(path.join(dir, 'full/deep/b.bin'))).ino, ino, 'moved, not copied');
  assert.deepEqual(await readdir(store.stagingDir), []);
  assert.deepEqual(await readdir(path.join(dir, 'full/deep')), ['b.bin']);

  // A file the caller keeps (no `moved`) is linked or copied, never taken away from its owner.
  const outside = path.join(dir, 'elsewhere.bin');
  await writeFile(outside, 'mine');
  await store.put('full/c.bin', { size: 4, md5: md5('mine'), file: outside, open: () => Readable.from([Buffer.from('mine')]) });
  assert.equal(await readFile(outside, 'utf8'), 'mine');
  assert.equal(await readFile(path.join(dir, 'full/c.bin'), 'utf8'), 'mine');

  await store.put('full/d.txt', { size: 4, md5: md5('data'), data: Buffer.from('data'), open: () => Readable.from([]) });
  assert.equal(await readFile(path.join(dir, 'full/d.txt'), 'utf8'), 'data');
  assert.equal((await store.stat('full/d.txt'))!.checksum, md5('data'));
  await store.close();
  // The index entry (size and mtime from the write) is still valid when the store is opened again.
  const index = JSON.parse(await readFile(path.join(dir, '.gleaner-checksums.json'), 'utf8')) as Record<string, { mtimeNs: string }>;
  const { mtimeNs } = await stat(path.join(dir, 'full/d.txt'), { bigint: true });
  assert.equal(index['full/d.txt']!.mtimeNs, mtimeNs.toString());
});
