// GCS store with the real @google-cloud/storage client against the GCS JSON API test server
// (test/helpers/gcs-server.ts): object names under the prefix folder, predefined ACL per pipeline,
// metadata/cacheControl/contentType as sent, stat from `updated` and md5Hash, permission warnings at
// open, resumable chunked upload of a large body, MD5 integrity, a server that dies mid-upload, and
// configuration errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GleanerError } from '../../../shared/errors.js';
import { GcsStore } from '../../../companion/storage/gcs-store.js';
import { RetryingStore } from '../../../companion/storage/retrying-store.js';
import { createStore } from '../../../companion/storage/select-store.js';
import type { StoreOptions } from '../../../companion/storage/store.js';
import { startGcsServer, type GcsTestServer } from '../../helpers/gcs-server.js';
import { bodyOf, captureLogger, largeBody, md5OfStream } from '../../helpers/put-body.js';

const FAST = { attempts: 3, baseDelayMs: 20 };
const BUCKET = 'test-bucket';

async function failure(promise: Promise<unknown>): Promise<GleanerError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  assert.ok(error instanceof GleanerError, `expected a GleanerError, got ${String(error)}`);
  return error;
}

describe('GCS store (JSON API test server)', () => {
  let server: GcsTestServer;
  const options = (pipeline: 'files' | 'images', extra: Record<string, unknown> = {}): StoreOptions => ({
    pipeline,
    settings: { GCS_API_ENDPOINT: server.endpoint, GCS_PROJECT_ID: 'gleaner-test', IMAGES_STORE_GCS_ACL: 'publicRead', ...extra },
    retry: FAST,
    logger: captureLogger(),
  });

  before(async () => {
    server = await startGcsServer([BUCKET, 'other-bucket']);
  });
  after(async () => {
    await server.close();
  });

  test('stores under the prefix folder with ACL, metadata, cacheControl and contentType of its pipeline', async () => {
    const images = await createStore(`gs://${BUCKET}/images`, options('images'));
    const files = await createStore(`gs://${BUCKET}`, options('files'));
    assert.ok(images instanceof RetryingStore && images.inner instanceof GcsStore);
    await images.open();
    await files.open();
    const jpeg = bodyOf('jpeg bytes');
    await images.put('full/0a1b.jpg', jpeg, { contentType: 'image/jpeg', meta: { width: 400, height: 300 } });
    await files.put('full/report.pdf', bodyOf('%PDF'));

    const image = server.object(BUCKET, 'images/full/0a1b.jpg');
    assert.ok(image);
    assert.equal(image.contentType, 'image/jpeg');
    assert.equal(image.cacheControl, 'max-age=172800');
    assert.deepEqual(image.metadata, { width: '400', height: '300' });
    assert.equal(image.predefinedAcl, 'publicRead', 'IMAGES_STORE_GCS_ACL');
    assert.equal(image.uploadType, 'multipart', 'small bodies: one multipart request');
    const file = server.object(BUCKET, 'full/report.pdf');
    assert.equal(file?.contentType, 'application/octet-stream');
    assert.equal(file?.predefinedAcl, undefined, 'FILES_STORE_GCS_ACL empty: bucket default, not the images ACL');
    assert.equal(server.object(BUCKET, 'imagesfull/0a1b.jpg'), undefined);
    await images.close();
    await files.close();
  });

  test('stat: md5Hash as hex, `updated` as UTC epoch seconds, null when missing', async () => {
    const store = new GcsStore(`gs://${BUCKET}/stat`, options('files'));
    const body = bodyOf('stat me');
    await store.put('full/a.txt', body);
    const fresh = await store.stat('full/a.txt');
    assert.equal(fresh?.checksum, body.md5);
    assert.ok(Math.abs(fresh!.lastModified - Date.now() / 1000) < 60);
    assert.equal(await store.stat('full/missing.txt'), null);
    const old = new Date(Date.UTC(2026, 0, 1, 12, 0, 0));
    server.setUpdated(BUCKET, 'stat/full/a.txt', old);
    assert.equal((await store.stat('full/a.txt'))?.lastModified, old.getTime() / 1000);
  });

  test('open() checks permissions and warns with Scrapy\'s messages', async (t) => {
    t.after(() => {
      server.permissions.add('storage.objects.get');
      server.permissions.add('storage.objects.create');
    });
    server.permissions.delete('storage.objects.get');
    server.permissions.delete('storage.objects.create');
    const logger = captureLogger();
    const store = new GcsStore(`gs://${BUCKET}/perm`, { ...options('files'), logger });
    await store.open();
    assert.deepEqual(logger.lines, [
      { level: 'warn', msg: `No 'storage.objects.get' permission for GCS bucket ${BUCKET}. Checking if files are up to date will be impossible. Files will be downloaded every time.` },
      { level: 'error', msg: `No 'storage.objects.create' permission for GCS bucket ${BUCKET}. Saving files will be impossible!` },
    ]);
    const denied = await failure(store.put('full/x.txt', bodyOf('x')));
    assert.equal(denied.code, 'ERR_STORE_PERMISSION', denied.message);
    assert.equal(await store.stat('full/x.txt'), null, 'no read permission: not stored, as far as we can tell');

    server.permissions.add('storage.objects.get');
    server.permissions.add('storage.objects.create');
    const quiet = captureLogger();
    await new GcsStore(`gs://${BUCKET}/perm`, { ...options('files'), logger: quiet }).open();
    assert.deepEqual(quiet.lines, []);
  });

  test('a large body goes up as a chunked resumable upload and comes back byte-identical', async (t) => {
    const big = await largeBody(32 * 1024 * 1024 + 4321);
    t.after(() => big.dispose());
    const store = new GcsStore(`gs://${BUCKET}/big`, options('images'));
    const before = server.requests.length;
    const started = Date.now();
    await store.put('full/big.jpg', big, { contentType: 'image/jpeg', meta: { width: 1, height: 2 } });
    t.diagnostic(`GCS resumable upload of ${(big.size / 1048576).toFixed(1)} MiB: ${((Date.now() - started) / 1000).toFixed(2)} s`);
    const sent = server.requests.slice(before);
    assert.ok(sent.some((r) => r.method === 'POST' && r.query.get('uploadType') === 'resumable'), 'session started');
    const chunks = sent.filter((r) => r.method === 'PUT' && r.query.has('upload_id'));
    assert.ok(chunks.length >= 4, `chunked: ${chunks.length} PUTs`);
    assert.ok(chunks.every((r) => /^bytes \d+-\d+\/(\d+|\*)$/.test(String(r.headers['content-range']))));
    const object = server.object(BUCKET, 'big/full/big.jpg');
    assert.equal(object?.uploadType, 'resumable');
    assert.equal(object?.contentType, 'image/jpeg', 'content type sent as X-Upload-Content-Type');
    assert.equal(object?.predefinedAcl, 'publicRead');
    assert.deepEqual(object?.metadata, { width: '1', height: '2' });
    assert.equal((await store.stat('full/big.jpg'))?.checksum, big.md5);
    const back = await md5OfStream(store.storage.bucket(BUCKET).file('big/full/big.jpg').createReadStream());
    assert.deepEqual(back, { md5: big.md5, size: big.size });
  });

  test('a body whose bytes do not match its MD5 is refused by the server and not stored', async () => {
    const store = new GcsStore(`gs://${BUCKET}/integrity`, options('files'));
    const body = { ...bodyOf('the real bytes'), md5: '0123456789abcdef0123456789abcdef' };
    const error = await failure(store.put('full/bad.txt', body));
    assert.equal(error.code, 'ERR_STORE_WRITE', error.message);
    assert.equal(server.object(BUCKET, 'integrity/full/bad.txt'), undefined);
  });

  test('a missing bucket is a configuration error at open', async () => {
    const store = await createStore('gs://no-such-bucket/x', options('files'));
    const error = await failure(store.open());
    assert.equal(error.code, 'ERR_CONFIG_STORE_URI', error.message);
  });
});

describe('GCS store when the server dies mid-job', () => {
  test('a resumable upload cut off after its first chunk, and every later file, fail with ERR_STORE_*; no object', async (t) => {
    const server = await startGcsServer([BUCKET]);
    t.after(() => server.close());
    const big = await largeBody(24 * 1024 * 1024);
    t.after(() => big.dispose());
    const store = await createStore(`gs://${BUCKET}/dying`, {
      pipeline: 'files', settings: { GCS_API_ENDPOINT: server.endpoint }, retry: FAST, logger: captureLogger(),
    });
    await store.open();
    await store.put('full/before.txt', bodyOf('before'));
    let chunks = 0;
    server.onRequest = (request) => {
      if (request.method === 'PUT' && request.query.has('upload_id') && ++chunks === 2) {
        void server.stop();
        return true;
      }
      return undefined;
    };
    const inFlight = await failure(store.put('full/big.bin', big));
    assert.match(inFlight.code, /^ERR_STORE_/, inFlight.message);
    const later = await Promise.all([1, 2, 3].map((i) => failure(store.put(`full/later${i}.txt`, bodyOf(`later ${i}`)))));
    for (const error of later) assert.equal(error.code, 'ERR_STORE_UNAVAILABLE', error.message);
    assert.equal(server.object(BUCKET, 'dying/full/big.bin'), undefined);
    assert.ok(server.object(BUCKET, 'dying/full/before.txt'));
    assert.equal((await failure(store.stat('full/before.txt'))).code, 'ERR_STORE_UNAVAILABLE');
  });
});

describe('GCS store configuration errors (at construction)', () => {
  const cases: Array<[string, string, Record<string, unknown>, string]> = [
    ['no bucket', 'gs://', {}, 'ERR_CONFIG_STORE_URI'],
    ['credentials in the URI', 'gs://me:hunter2-secret@bucket/x', {}, 'ERR_CONFIG_STORE_URI'],
    ['bad bucket name', 'gs://b!d/x', {}, 'ERR_CONFIG_STORE_URI'],
    ['unknown predefined ACL', 'gs://bucket/x', { FILES_STORE_GCS_ACL: 'public-read' }, 'ERR_CONFIG_INVALID'],
    ['endpoint that is not a URL', 'gs://bucket/x', { GCS_API_ENDPOINT: 'localhost 4443' }, 'ERR_CONFIG_INVALID'],
  ];
  for (const [name, uri, settings, code] of cases) {
    test(name, async () => {
      const error = await failure(createStore(uri, { pipeline: 'files', settings }));
      assert.equal(error.code, code, error.message);
      assert.ok(!error.message.includes('hunter2'), error.message);
    });
  }

  test('missing Google credentials are ERR_CONFIG_CREDENTIALS at open (before any job)', async (t) => {
    const saved = { creds: process.env.GOOGLE_APPLICATION_CREDENTIALS, emulator: process.env.STORAGE_EMULATOR_HOST };
    t.after(() => {
      if (saved.creds === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved.creds;
      if (saved.emulator !== undefined) process.env.STORAGE_EMULATOR_HOST = saved.emulator;
    });
    // A credentials file that does not exist fails locally, without asking any server.
    process.env.GOOGLE_APPLICATION_CREDENTIALS = '/nonexistent/gleaner-test-credentials.json';
    delete process.env.STORAGE_EMULATOR_HOST;
    const store = await createStore('gs://bucket/x', { pipeline: 'files', settings: {}, retry: FAST });
    const error = await failure(store.open());
    assert.equal(error.code, 'ERR_CONFIG_CREDENTIALS', error.message);
  });

  test('displayUri and folder', () => {
    const store = new GcsStore('gs://bucket/a//b/', { pipeline: 'images', settings: {} });
    assert.equal(store.displayUri, 'gs://bucket/a/b');
    assert.equal(store.key('full/x.jpg'), 'a/b/full/x.jpg');
    assert.equal(store.acl, undefined);
  });
});
