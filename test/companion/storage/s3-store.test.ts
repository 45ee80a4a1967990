// S3 store against a real S3 HTTP API (s3rver on 127.0.0.1): keys under the prefix folder, ACL per
// pipeline, metadata/Cache-Control/Content-Type as sent, stat for expiry, multipart uploads of a large
// body, a server that dies mid-job, configuration errors at construction without secrets.
import assert from 'node:assert/strict';
import { utimes } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GleanerError } from '../../../shared/errors.js';
import { RetryingStore } from '../../../companion/storage/retrying-store.js';
import { S3Store } from '../../../companion/storage/s3-store.js';
import { createStore } from '../../../companion/storage/select-store.js';
import type { Store, StoreOptions } from '../../../companion/storage/store.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { bodyOf, largeBody, md5Of, md5OfStream } from '../../helpers/put-body.js';

const FAST = { attempts: 3, baseDelayMs: 20 };

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<GleanerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GleanerError, `expected a GleanerError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

function thrownBy(fn: () => unknown): GleanerError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof GleanerError, String(error));
    return error;
  }
  assert.fail('expected a throw');
}

describe('S3 store (s3rver)', () => {
  let server: S3TestServer;
  const options = (pipeline: 'files' | 'images', extra: Record<string, unknown> = {}): StoreOptions => ({
    pipeline,
    settings: { ...server.settings, FILES_STORE_S3_ACL: 'private', IMAGES_STORE_S3_ACL: 'public-read', ...extra },
    retry: FAST,
  });

  before(async () => {
    server = await startS3Server();
  });
  after(async () => {
    await server.close();
  });

  test('stores under the prefix folder with the ACL, metadata, Cache-Control and Content-Type of its pipeline', async () => {
    const images = await createStore(`s3://${server.bucket}/images`, options('images'));
    const files = await createStore(`s3://${server.bucket}`, options('files'));
    assert.ok(images instanceof RetryingStore && images.inner instanceof S3Store);
    await images.open();
    await files.open();
    const jpeg = bodyOf('not really a jpeg, but bytes');
    await images.put('full/0a1b.jpg', jpeg, { contentType: 'image/jpeg', meta: { width: 400, height: 300 } });
    await files.put('full/report.pdf', bodyOf('%PDF-1.4 …'));

    const imageMeta = await server.metadata('images/full/0a1b.jpg');
    assert.deepEqual(imageMeta, {
      'cache-control': 'max-age=172800',
      'content-type': 'image/jpeg',
      'x-amz-meta-width': '400',
      'x-amz-meta-height': '300',
      'x-amz-meta-gleaner-md5': jpeg.md5,
    });
    const fileMeta = await server.metadata('full/report.pdf');
    assert.equal(fileMeta?.['cache-control'], 'max-age=172800');
    assert.notEqual(fileMeta?.['content-type'], 'image/jpeg', 'files get no image Content-Type (as in Scrapy)');
    assert.equal(await server.object('imagesfull/0a1b.jpg'), null, 'the prefix is a folder, not a string prefix');

    const puts = server.requests.filter((r) => r.method === 'PUT');
    const imagePut = puts.find((r) => r.url.startsWith(`/${server.bucket}/images/full/0a1b.jpg`));
    const filePut = puts.find((r) => r.url.startsWith(`/${server.bucket}/full/report.pdf`));
    assert.equal(imagePut?.headers['x-amz-acl'], 'public-read', 'IMAGES_STORE_S3_ACL');
    assert.equal(filePut?.headers['x-amz-acl'], 'private', 'FILES_STORE_S3_ACL: not shared with the images pipeline');
    assert.equal(imagePut?.headers['x-amz-content-sha256'] === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', false, 'no aws-chunked bodies');
    await images.close();
    await files.close();
  });

  test('stat: real MD5, LastModified as UTC epoch seconds, null when missing, ages with the object', async () => {
    const store = new S3Store(`s3://${server.bucket}/stat`, options('files'));
    const body = bodyOf('stat me');
    await store.put('full/a.txt', body);
    const fresh = await store.stat('full/a.txt');
    assert.ok(fresh);
    assert.equal(fresh.checksum, body.md5);
    assert.ok(Math.abs(fresh.lastModified - Date.now() / 1000) < 60, `lastModified ${fresh.lastModified} is near now`);
    assert.equal(await store.stat('full/missing.txt'), null);

    const old = new Date(Date.now() - 100 * 86400 * 1000);
    await utimes(server.objectFile('stat/full/a.txt'), old, old);
    const aged = await store.stat('full/a.txt');
    assert.equal(Math.round(aged!.lastModified), Math.floor(old.getTime() / 1000), 'the server-side time, read as UTC');
    await store.close();
  });

  test('a large body goes up as a multipart upload, streamed, and comes back byte-identical', async (t) => {
    const big = await largeBody(32 * 1024 * 1024 + 12345);
    t.after(() => big.dispose());
    const store = new S3Store(`s3://${server.bucket}/big`, options('files'));
    const before = server.requests.length;
    const started = Date.now();
    await store.put('full/big.bin', big);
    const seconds = (Date.now() - started) / 1000;
    t.diagnostic(`S3 multipart upload of ${(big.size / 1048576).toFixed(1)} MiB: ${seconds.toFixed(2)} s`);
    const sent = server.requests.slice(before);
    const parts = sent.filter((r) => r.method === 'PUT' && /[?&]partNumber=/.test(r.url));
    assert.ok(parts.length >= 4, `expected at least 4 parts, got ${parts.length}`);
    assert.ok(sent.some((r) => r.method === 'POST' && r.url.includes('uploads')), 'CreateMultipartUpload');

    const stat = await store.stat('full/big.bin');
    assert.equal(stat?.checksum, big.md5, 'stat gives the real MD5 even though the ETag is a multipart one');
    const object = await store.client.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'big/full/big.bin' }));
    const back = await md5OfStream(object.Body as AsyncIterable<Buffer>);
    assert.deepEqual(back, { md5: big.md5, size: big.size });
    await store.close();
  });

  test('stat falls back to a plain-MD5 ETag for objects stored without our metadata', async () => {
    const store = new S3Store(`s3://${server.bucket}/foreign`, options('files'));
    await store.client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'foreign/full/x.txt', Body: 'stored by someone else' }));
    const stat = await store.stat('full/x.txt');
    assert.equal(stat?.checksum, md5Of(Buffer.from('stored by someone else')));
    await store.close();
  });

  test('refused credentials: a permission error per file, no secret in the message', async () => {
    // s3rver checks the access key id (it does not verify SigV4 signatures).
    const secret = 'wr0ng-S3cret-Value';
    const store = await createStore(`s3://${server.bucket}/denied`, options('files', { AWS_ACCESS_KEY_ID: 'UNKNOWNKEY', AWS_SECRET_ACCESS_KEY: secret }));
    const error = await rejectsWith(store.put('full/x.txt', bodyOf('x')), 'ERR_STORE_PERMISSION');
    assert.ok(!error.message.includes(secret));
    assert.equal(await server.object('denied/full/x.txt'), null);
    await store.close();
  });

  test('an aborted put is cancelled', async () => {
    const store = await createStore(`s3://${server.bucket}/abort`, options('files'));
    const controller = new AbortController();
    controller.abort();
    await rejectsWith(store.put('full/x.txt', bodyOf('x'), { signal: controller.signal }), 'ERR_DOWNLOAD_CANCELLED');
    await store.close();
  });
});

describe('S3 store when the server dies mid-job', () => {
  test('each later file fails with ERR_STORE_UNAVAILABLE after retries; nothing partial under a final name', async (t) => {
    const server = await startS3Server();
    t.after(() => server.close());
    const store: Store = await createStore(`s3://${server.bucket}/dying`, { pipeline: 'files', settings: server.settings, retry: FAST });
    await store.open();
    let puts = 0;
    server.onRequest = (request) => {
      if (request.method === 'PUT' && ++puts === 4) {
        void server.stop();
        return true;
      }
      return undefined;
    };
    const results = [];
    for (let i = 0; i < 6; i++) {
      results.push(await store.put(`full/f${i}.txt`, bodyOf(`file ${i}`)).then(() => 'ok', (error: unknown) => error));
    }
    assert.deepEqual(results.slice(0, 3), ['ok', 'ok', 'ok']);
    for (const result of results.slice(3)) {
      assert.ok(result instanceof GleanerError, String(result));
      assert.equal(result.code, 'ERR_STORE_UNAVAILABLE', result.message);
      assert.match(result.message, /gave up after 3 tries/);
    }
    for (let i = 3; i < 6; i++) assert.equal(await server.object(`dying/full/f${i}.txt`), null);
    await rejectsWith(store.stat('full/f0.txt'), 'ERR_STORE_UNAVAILABLE');
    await store.close();
  });

  test('a multipart upload cut off half-way leaves no object', async (t) => {
    const server = await startS3Server();
    t.after(() => server.close());
    const big = await largeBody(24 * 1024 * 1024);
    t.after(() => big.dispose());
    const store = await createStore(`s3://${server.bucket}/cut`, { pipeline: 'files', settings: server.settings, retry: FAST });
    let parts = 0;
    server.onRequest = (request) => {
      if (request.method === 'PUT' && request.url.includes('partNumber=') && ++parts === 2) {
        void server.stop();
        return true;
      }
      return undefined;
    };
    const error = await store.put('full/big.bin', big).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof GleanerError && error.code.startsWith('ERR_STORE_'), String(error));
    assert.equal(await server.object('cut/full/big.bin'), null);
    await store.close();
  });
});

describe('S3 store configuration errors (at construction, no secrets)', () => {
  const secret = 'TOPsecret/Key+value';
  const settings = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: secret };
  const cases: Array<[string, string, Record<string, unknown>, string]> = [
    ['no bucket', 's3://', settings, 'ERR_CONFIG_STORE_URI'],
    ['bucket name with spaces', 's3://my bucket/x', settings, 'ERR_CONFIG_STORE_URI'],
    ['credentials in the URI', `s3://AKIAEXAMPLE:${encodeURIComponent(secret)}@bucket/x`, {}, 'ERR_CONFIG_STORE_URI'],
    ['dot-dot in the folder', 's3://bucket/a/../b', settings, 'ERR_CONFIG_STORE_URI'],
    ['secret key without key id', 's3://bucket/x', { AWS_SECRET_ACCESS_KEY: secret }, 'ERR_CONFIG_CREDENTIALS'],
    ['key id without secret key', 's3://bucket/x', { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' }, 'ERR_CONFIG_CREDENTIALS'],
    ['unknown canned ACL', 's3://bucket/x', { ...settings, FILES_STORE_S3_ACL: 'everyone' }, 'ERR_CONFIG_INVALID'],
    ['endpoint that is not a URL', 's3://bucket/x', { ...settings, AWS_ENDPOINT_URL: 'not a url' }, 'ERR_CONFIG_INVALID'],
    ['endpoint with credentials', 's3://bucket/x', { ...settings, AWS_ENDPOINT_URL: `http://u:${encodeURIComponent(secret)}@127.0.0.1:9/` }, 'ERR_CONFIG_INVALID'],
  ];
  for (const [name, uri, layer, code] of cases) {
    test(name, async () => {
      const error = await rejectsWith(createStore(uri, { pipeline: 'files', settings: layer }), code);
      assert.ok(!error.message.includes(secret) && !error.message.includes(encodeURIComponent(secret)), error.message);
      thrownBy(() => new S3Store(uri, { pipeline: 'files', settings: layer }));
    });
  }

  test('displayUri and settings: endpoint → path style, region us-east-1, SSL switch', async () => {
    const store = new S3Store('s3://bucket/a/b/', { pipeline: 'images', settings: { ...settings, AWS_ENDPOINT_URL: 'https://minio.local:9000', AWS_USE_SSL: false } });
    assert.equal(store.displayUri, 's3://bucket/a/b');
    assert.equal(store.prefix, 'a/b');
    assert.equal(store.acl, 'private', 'IMAGES_STORE_S3_ACL default');
    assert.equal(await store.client.config.region(), 'us-east-1');
    assert.equal(store.client.config.forcePathStyle, true);
    const endpoint = await store.client.config.endpoint!();
    assert.equal(endpoint.protocol, 'http:');
    assert.equal(endpoint.port, 9000);
    assert.equal(store.client.config.requestChecksumCalculation !== undefined, true);
    await store.close();
  });
});
