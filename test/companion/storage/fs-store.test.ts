// The filesystem store: atomic puts, the checksum index, refusing paths outside the root, and cleaning
// staged downloads a crashed run left behind.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
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
