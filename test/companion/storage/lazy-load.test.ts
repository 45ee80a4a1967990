// A filesystem-only user never loads a cloud SDK: in a child process, a loader hook records every module
// URL that gets resolved; importing select-store and using a filesystem store must not resolve
// @aws-sdk/client-s3, @google-cloud/storage or basic-ftp. The same child then creates an s3:// store and
// must see @aws-sdk/client-s3 resolved, which proves the check can fail.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const HOOK = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}`;

const CHILD = `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { Readable } from 'node:stream';
const seen = [];
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.push(url));
port1.unref();
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), { data: { port: port2 }, transferList: [port2] });
const flush = () => new Promise((resolve) => setTimeout(resolve, 100));
const sdk = (urls) => ['@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@google-cloud/storage', 'basic-ftp']
  .filter((name) => urls.some((url) => url.includes('/node_modules/' + name + '/')));

const { createStore } = await import(process.env.SELECT_STORE);
const store = await createStore(process.env.FS_DIR, { pipeline: 'files', settings: {} });
await store.open();
await store.put('full/a.txt', { size: 1, md5: '0cc175b9c0f1b6a831c399e269772661', open: () => Readable.from([Buffer.from('a')]) });
await store.close();
await flush();
const afterFs = sdk(seen);
const fsStoreSeen = seen.some((url) => url.endsWith('/fs-store.ts'));
await createStore('s3://bucket/x', { pipeline: 'files', settings: {} });
await flush();
console.log(JSON.stringify({ afterFs, fsStoreSeen, afterS3: sdk(seen) }));
`;

test('importing select-store and using a filesystem store loads no cloud SDK', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'gleaner-lazy-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const script = path.join(dir, 'child.mjs');
  await writeFile(script, CHILD);
  const out = execFileSync(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: {
      ...process.env,
      SELECT_STORE: pathToFileURL(path.join(root, 'companion/storage/select-store.ts')).href,
      FS_DIR: path.join(dir, 'store'),
    },
    encoding: 'utf8',
  });
  const result = JSON.parse(out.trim().split('\n').pop()!) as { afterFs: string[]; fsStoreSeen: boolean; afterS3: string[] };
  assert.equal(result.fsStoreSeen, true, 'the hook sees our own modules');
  assert.deepEqual(result.afterFs, [], 'no SDK after a filesystem job');
  assert.ok(result.afterS3.includes('@aws-sdk/client-s3'), `an s3:// store loads the AWS SDK: ${result.afterS3.join(', ')}`);
  assert.ok(!result.afterS3.includes('@google-cloud/storage') && !result.afterS3.includes('basic-ftp'));
});
