// The same pipeline job (images with a thumbnail, one too small, and files; one URL shared by two items)
// through the real job runner on all four backends: filesystem, S3 (s3rver), GCS (JSON API test server)
// and FTP (ftp-srv). Every backend must give the same results (paths, checksums, statuses) as the
// filesystem, hold the same bytes, and find everything up to date on a second run without a request.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { md5, runItems, sha1, tempDir } from '../../helpers/job.js';
import { startOriginServer, type OriginServer } from '../../helpers/origin-server.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startGcsServer, type GcsTestServer } from '../../helpers/gcs-server.js';
import { FTP_PASSWORD, FTP_USER, startFtpSrv, type FtpTestServer } from '../../helpers/ftp-server.js';

type Result = { url: string; path: string; checksum: string | null; status: string };

interface Backend {
  name: string;
  settings: Record<string, unknown>;
  /** The stored bytes of a pipeline's path, or null. */
  read(pipeline: 'files' | 'images', storePath: string): Promise<Buffer | null>;
}

describe('one job on every backend', () => {
  let origin: OriginServer;
  let s3: S3TestServer;
  let gcs: GcsTestServer;
  let ftp: FtpTestServer;
  const backends: Backend[] = [];
  const images: Record<string, Buffer> = {};

  before(async () => {
    images.big = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 30, b: 90 } } }).jpeg().toBuffer();
    images.png = await sharp({ create: { width: 240, height: 160, channels: 4, background: { r: 0, g: 127, b: 255, alpha: 0.5 } } }).png().toBuffer();
    images.small = await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 1, g: 2, b: 3 } } }).jpeg().toBuffer();
    origin = await startOriginServer({
      '/img/big.jpg': { body: images.big, headers: { 'content-type': 'image/jpeg' } },
      '/img/alpha.png': { body: images.png, headers: { 'content-type': 'image/png' } },
      '/img/small.jpg': { body: images.small, headers: { 'content-type': 'image/jpeg' } },
      '/files/report.pdf': { body: '%PDF-1.4 a small report', headers: { 'content-type': 'application/pdf' } },
      '/files/data.bin': { body: Buffer.alloc(200_000, 7) },
    });
    [s3, gcs, ftp] = await Promise.all([startS3Server(), startGcsServer(['media']), startFtpSrv()]);
  });
  after(async () => {
    await Promise.all([origin.close(), s3.close(), gcs.close(), ftp.close()]);
  });

  const common = { IMAGES_THUMBS: { small: [50, 50] }, IMAGES_MIN_WIDTH: 100, IMAGES_MIN_HEIGHT: 100 };

  function items(): Array<Record<string, unknown>> {
    return [
      { id: 1, image_urls: ['/img/big.jpg', '/img/alpha.png', '/img/small.jpg'].map(origin.at), file_urls: ['/files/report.pdf', '/files/data.bin'].map(origin.at) },
      { id: 2, image_urls: [origin.at('/img/big.jpg')], file_urls: [origin.at('/files/report.pdf')] },
    ];
  }

  async function runTwice(t: { diagnostic(msg: string): void }, backend: Backend) {
    const hitsBefore = origin.totalHits();
    const started = Date.now();
    const first = await runItems(items(), { ...common, ...backend.settings });
    const firstSeconds = (Date.now() - started) / 1000;
    const hitsFirst = origin.totalHits() - hitsBefore;
    const second = await runItems(items(), { ...common, ...backend.settings });
    const hitsSecond = origin.totalHits() - hitsBefore - hitsFirst;
    t.diagnostic(`${backend.name}: first run ${firstSeconds.toFixed(2)} s, ${hitsFirst} origin requests; second run ${hitsSecond}`);
    return { first, second, hitsFirst, hitsSecond };
  }

  let reference: { first: Array<Record<string, unknown>>; second: Array<Record<string, unknown>> } | undefined;

  const cases: Array<[string, (t: { after(fn: () => Promise<void>): void }) => Promise<Backend>]> = [
    ['filesystem', async (t) => {
      const dir = await tempDir(t);
      return {
        name: 'filesystem',
        settings: { FILES_STORE: path.join(dir, 'files'), IMAGES_STORE: path.join(dir, 'images') },
        read: (pipeline, p) => readFile(path.join(dir, pipeline, p)).catch(() => null),
      };
    }],
    ['S3', async () => ({
      name: 'S3',
      settings: { ...s3.settings, FILES_STORE: `s3://${s3.bucket}/files`, IMAGES_STORE: `s3://${s3.bucket}/images`, IMAGES_STORE_S3_ACL: 'public-read' },
      read: (pipeline, p) => s3.object(`${pipeline}/${p}`),
    })],
    ['GCS', async () => ({
      name: 'GCS',
      settings: { GCS_API_ENDPOINT: gcs.endpoint, GCS_PROJECT_ID: 'gleaner-test', FILES_STORE: 'gs://media/files', IMAGES_STORE: 'gs://media/images' },
      read: async (pipeline, p) => gcs.object('media', `${pipeline}/${p}`)?.data ?? null,
    })],
    ['FTP', async () => ({
      name: 'FTP',
      settings: {
        FILES_STORE: ftp.uri('/files', { user: FTP_USER, password: FTP_PASSWORD }),
        IMAGES_STORE: ftp.uri('/images', { user: FTP_USER, password: FTP_PASSWORD }),
      },
      read: (pipeline, p) => readFile(ftp.localPath(`/${pipeline}/${p}`)).catch(() => null),
    })],
  ];

  for (const [name, make] of cases) {
    test(`${name}: same results as the filesystem, same bytes, up to date on the second run`, async (t) => {
      const backend = await make(t);
      backends.push(backend);
      const { first, second, hitsFirst, hitsSecond } = await runTwice(t, backend);
      const out1 = first.outputs;
      const imgs = out1[0]!.images as Result[];
      const files = out1[0]!.files as Result[];

      // Run 1: two images stored (the small one rejected), two files; the shared URLs are `cached` in item 2.
      assert.deepEqual(imgs.map((r) => r.status), ['downloaded', 'downloaded']);
      assert.deepEqual(imgs.map((r) => r.path), ['/img/big.jpg', '/img/alpha.png'].map((p) => `full/${sha1(origin.at(p))}.jpg`));
      assert.deepEqual((out1[0]!.images_errors as Array<{ code: string }>).map((e) => e.code), ['ERR_PROCESS_IMAGE_TOO_SMALL']);
      assert.deepEqual(files.map((r) => r.path), [`full/${sha1(origin.at('/files/report.pdf'))}.pdf`, `full/${sha1(origin.at('/files/data.bin'))}.bin`]);
      assert.deepEqual((out1[1]!.images as Result[]).map((r) => r.status), ['cached']);
      assert.deepEqual((out1[1]!.files as Result[]).map((r) => r.status), ['cached']);
      assert.equal(hitsFirst, 5, 'each URL fetched once');

      // What was stored: the bytes behind each checksum, and a thumbnail for each image.
      for (const r of files) assert.equal(md5((await backend.read('files', r.path))!), r.checksum);
      assert.equal(imgs[0]!.checksum, md5(images.big!), 'an RGB JPEG is stored byte for byte');
      for (const r of imgs) {
        assert.equal(md5((await backend.read('images', r.path))!), r.checksum);
        const thumb = await backend.read('images', r.path.replace(/^full\//, 'thumbs/small/'));
        assert.ok(thumb, `thumbnail of ${r.path}`);
        const meta = await sharp(thumb).metadata();
        assert.equal(meta.format, 'jpeg');
        assert.ok(meta.width! <= 50 && meta.height! <= 50);
      }

      // Run 2: everything up to date, with the stored checksum, and no request for it.
      assert.equal(hitsSecond, 1, 'only the rejected image is fetched again');
      assert.deepEqual((second.outputs[0]!.images as Result[]).map((r) => r.status), ['uptodate', 'uptodate']);
      assert.deepEqual((second.outputs[0]!.files as Result[]).map((r) => r.status), ['uptodate', 'uptodate']);
      assert.deepEqual((second.outputs[0]!.files as Result[]).map((r) => r.checksum), files.map((r) => r.checksum));
      assert.deepEqual((second.outputs[0]!.images as Result[]).map((r) => r.checksum), imgs.map((r) => r.checksum));

      // Same outputs as the filesystem backend, field for field.
      if (name === 'filesystem') reference = { first: first.outputs, second: second.outputs };
      else {
        assert.ok(reference, 'the filesystem case runs first');
        assert.deepEqual(first.outputs, reference.first);
        assert.deepEqual(second.outputs, reference.second);
      }
    });
  }

  test('backend specifics: S3 ACL per pipeline and image metadata, GCS content type and metadata', async () => {
    const imagePath = `full/${sha1(origin.at('/img/big.jpg'))}.jpg`;
    const meta = await s3.metadata(`images/${imagePath}`);
    assert.equal(meta?.['content-type'], 'image/jpeg');
    assert.equal(meta?.['x-amz-meta-width'], '400');
    assert.equal(meta?.['x-amz-meta-height'], '300');
    const imagePut = s3.requests.find((r) => r.method === 'PUT' && r.url.startsWith(`/${s3.bucket}/images/full/`));
    const filePut = s3.requests.find((r) => r.method === 'PUT' && r.url.startsWith(`/${s3.bucket}/files/full/`));
    assert.equal(imagePut?.headers['x-amz-acl'], 'public-read');
    assert.equal(filePut?.headers['x-amz-acl'], 'private');
    const object = gcs.object('media', `images/${imagePath}`);
    assert.equal(object?.contentType, 'image/jpeg');
    assert.equal(object?.cacheControl, 'max-age=172800');
    assert.deepEqual(object?.metadata, { width: '400', height: '300' });
  });
});
