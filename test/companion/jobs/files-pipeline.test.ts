// The Files pipeline end to end through the job runner, against a real local origin server.
import assert from 'node:assert/strict';
import { readFile, stat, utimes, readdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { md5, runItems, sha1, tempDir, leftoverTemporaries } from '../../helpers/job.js';
import { startOriginServer, type OriginServer } from '../../helpers/origin-server.js';

async function origin(t: { after(fn: () => Promise<void>): void }, routes: Parameters<typeof startOriginServer>[0]): Promise<OriginServer> {
  const server = await startOriginServer(routes);
  t.after(() => server.close());
  return server;
}

test('stores files under full/<sha1><ext>, keeps other fields, and orders results like the URL list', async (t) => {
  const server = await origin(t, {
    '/report.pdf': { body: 'PDF', headers: { 'content-type': 'application/pdf' } },
    '/noext': { body: 'plain' },
    '/photo.JPG': { body: 'jpegish' },
    '/archive.tar.gz': { body: 'tgz' },
    '/missing': { status: 404, body: 'nope' },
  });
  const store = await tempDir(t);
  const urls = ['/report.pdf', '/missing', '/noext', '/photo.JPG', '/archive.tar.gz'].map(server.at);
  const { outputs, summary } = await runItems([{ title: 'A', file_urls: urls, other: { nested: [1, 2] } }], { FILES_STORE: store });
  const out = outputs[0]!;
  assert.equal(out.title, 'A');
  assert.deepEqual(out.other, { nested: [1, 2] });
  const files = out.files as Array<Record<string, unknown>>;
  assert.deepEqual(
    files.map((f) => f.path),
    [`full/${sha1(urls[0]!)}.pdf`, `full/${sha1(urls[2]!)}`, `full/${sha1(urls[3]!)}.jpg`, `full/${sha1(urls[4]!)}.tar`],
  );
  assert.deepEqual(Object.keys(files[0]!).slice(0, 4), ['url', 'path', 'checksum', 'status']);
  assert.equal(files[0]!.url, urls[0]);
  assert.equal(files[0]!.checksum, md5('PDF'));
  assert.ok(files.every((f) => f.status === 'downloaded'));
  assert.equal(await readFile(path.join(store, files[0]!.path as string), 'utf8'), 'PDF');
  const errors = out.files_errors as Array<Record<string, unknown>>;
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.url, urls[1]);
  assert.equal(errors[0]!.code, 'ERR_DOWNLOAD_HTTP_STATUS');
  assert.match(errors[0]!.message as string, /404/);
  assert.deepEqual(summary.files, { downloaded: 4, uptodate: 0, cached: 0, failed: 1 });
  // No temporary or partial files are left next to the stored ones.
  const stored = await readdir(path.join(store, 'full'));
  assert.equal(stored.length, 4);
});

test('a second run finds files up to date without a request; failures are requested again', async (t) => {
  const server = await origin(t, { '/a.txt': { body: 'aaa' }, '/gone.txt': { status: 404 } });
  const store = await tempDir(t);
  const item = { file_urls: [server.at('/a.txt'), server.at('/gone.txt')] };
  await runItems([item], { FILES_STORE: store });
  const second = await runItems([item], { FILES_STORE: store });
  const files = second.outputs[0]!.files as Array<Record<string, unknown>>;
  assert.equal(files[0]!.status, 'uptodate');
  assert.equal(files[0]!.checksum, md5('aaa'));
  assert.equal(server.hits('/a.txt'), 1);
  assert.equal(server.hits('/gone.txt'), 2);
});

test('expiry: 89-day-old files are up to date, 91-day-old files are downloaded again, FILES_EXPIRES applies', async (t) => {
  const server = await origin(t, { '/young.txt': { body: 'y' }, '/old.txt': { body: 'o' } });
  const store = await tempDir(t);
  const item = { file_urls: [server.at('/young.txt'), server.at('/old.txt')] };
  const first = await runItems([item], { FILES_STORE: store });
  const [young, old] = first.outputs[0]!.files as Array<{ path: string }>;
  const day = 86400;
  const now = Date.now() / 1000;
  await utimes(path.join(store, young!.path), now - 89 * day, now - 89 * day);
  await utimes(path.join(store, old!.path), now - 91 * day, now - 91 * day);
  const second = await runItems([item], { FILES_STORE: store });
  assert.deepEqual((second.outputs[0]!.files as Array<{ status: string }>).map((f) => f.status), ['uptodate', 'downloaded']);
  assert.equal(server.hits('/old.txt'), 2);
  // With FILES_EXPIRES=30 the 89-day-old file is stale too.
  const third = await runItems([item], { FILES_STORE: store, FILES_EXPIRES: '30' });
  assert.equal((third.outputs[0]!.files as Array<{ status: string }>)[0]!.status, 'downloaded');
  // A negative expiry always downloads.
  const fourth = await runItems([item], { FILES_STORE: store, FILES_EXPIRES: -1 });
  assert.ok((fourth.outputs[0]!.files as Array<{ status: string }>).every((f) => f.status === 'downloaded'));
});

test('a URL shared by several items (or equivalent by fingerprint) is fetched once; later ones are cached', async (t) => {
  const server = await origin(t, { '/shared.txt': { body: 'shared' }, '/data.json': { body: '{}' } });
  const store = await tempDir(t);
  const items = [
    { file_urls: [server.at('/shared.txt'), server.at('/data.json?b=2&a=1')] },
    { file_urls: [server.at('/shared.txt')] },
    { file_urls: [server.at('/data.json?a=1&b=2'), server.at('/shared.txt#frag')] },
  ];
  const { outputs, summary } = await runItems(items, { FILES_STORE: store });
  const files = outputs.map((o) => o.files as Array<Record<string, unknown>>);
  assert.equal(files[0]![0]!.status, 'downloaded');
  assert.equal(files[1]![0]!.status, 'cached');
  assert.equal(files[1]![0]!.path, files[0]![0]!.path);
  assert.equal(files[1]![0]!.checksum, files[0]![0]!.checksum);
  assert.equal(files[2]![0]!.status, 'cached');
  assert.equal(files[2]![0]!.url, server.at('/data.json?b=2&a=1'), 'the first request gives the url and path');
  assert.equal(files[2]![1]!.path, files[0]![0]!.path);
  assert.equal(server.hits('/shared.txt'), 1);
  assert.equal(server.hits('/data.json?b=2&a=1') + server.hits('/data.json?a=1&b=2'), 1);
  assert.deepEqual(summary.files, { downloaded: 2, uptodate: 0, cached: 3, failed: 0 });
});

test('500s are retried (3 attempts in all); a 503 that recovers succeeds; 404 and empty bodies fail at once', async (t) => {
  const server = await origin(t, {
    '/always500': { status: 500, body: 'err' },
    '/flaky': [{ status: 503 }, { status: 200, body: 'ok now' }],
    '/404': { status: 404 },
    '/empty': { status: 200, body: '' },
    '/created': { status: 201, body: 'x' },
  });
  const store = await tempDir(t);
  const urls = ['/always500', '/flaky', '/404', '/empty', '/created'].map(server.at);
  const { outputs } = await runItems([{ file_urls: urls }], { FILES_STORE: store });
  const errors = outputs[0]!.files_errors as Array<{ url: string; code: string; message: string }>;
  assert.deepEqual(errors.map((e) => [new URL(e.url).pathname, e.code]), [
    ['/always500', 'ERR_DOWNLOAD_HTTP_STATUS'],
    ['/404', 'ERR_DOWNLOAD_HTTP_STATUS'],
    ['/empty', 'ERR_DOWNLOAD_EMPTY'],
    ['/created', 'ERR_DOWNLOAD_HTTP_STATUS'],
  ]);
  assert.equal(server.hits('/always500'), 3);
  assert.equal(server.hits('/flaky'), 2);
  assert.equal(server.hits('/404'), 1);
  assert.equal(server.hits('/empty'), 1);
  assert.equal((outputs[0]!.files as unknown[]).length, 1);
});

test('Retry-After on a 429 is honoured before the retry', async (t) => {
  const server = await origin(t, { '/limited': [{ status: 429, headers: { 'retry-after': '1' } }, { body: 'finally' }] });
  const store = await tempDir(t);
  const started = Date.now();
  const { outputs } = await runItems([{ file_urls: [server.at('/limited')] }], { FILES_STORE: store });
  assert.equal((outputs[0]!.files as unknown[]).length, 1);
  assert.equal(server.hits('/limited'), 2);
  assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
});

test('redirects are followed by default and stored under the original URL; MEDIA_ALLOW_REDIRECTS=false fails them', async (t) => {
  const server = await origin(t, {
    '/old.pdf': { redirect: '/new/location.bin' },
    '/new/location.bin': { body: 'moved' },
    '/loop': { redirect: '/loop' },
  });
  const store = await tempDir(t);
  const url = server.at('/old.pdf');
  const followed = await runItems([{ file_urls: [url, server.at('/loop')] }], { FILES_STORE: store });
  const [file] = followed.outputs[0]!.files as Array<Record<string, unknown>>;
  assert.equal(file!.url, url);
  assert.equal(file!.path, `full/${sha1(url)}.pdf`);
  assert.equal(file!.checksum, md5('moved'));
  const loopError = (followed.outputs[0]!.files_errors as Array<{ code: string }>)[0]!;
  assert.equal(loopError.code, 'ERR_DOWNLOAD_TOO_MANY_REDIRECTS');

  const strictStore = await tempDir(t);
  const strict = await runItems([{ file_urls: [url] }], { FILES_STORE: strictStore, MEDIA_ALLOW_REDIRECTS: 'false' });
  const [error] = strict.outputs[0]!.files_errors as Array<{ code: string; message: string }>;
  assert.equal(error!.code, 'ERR_DOWNLOAD_REDIRECT');
  assert.match(error!.message, /File \(code: 302\)/);
  assert.equal(server.hits('/new/location.bin'), 1, 'the strict run did not follow');
});

test('the size limit aborts a body while it streams, and refuses a too-large Content-Length up front', async (t) => {
  let sent = 0;
  let aborted = false;
  const server = await origin(t, {
    '/endless.bin': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = (): void => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => (aborted = !res.writableFinished));
      pump();
    },
    '/declared.bin': { body: Buffer.alloc(5000, 2) },
  });
  const store = await tempDir(t);
  const { outputs } = await runItems([{ file_urls: [server.at('/endless.bin'), server.at('/declared.bin')] }], {
    FILES_STORE: store,
    DOWNLOAD_MAXSIZE: '1000000',
  });
  const errors = outputs[0]!.files_errors as Array<{ code: string }>;
  assert.deepEqual(errors.map((e) => e.code), ['ERR_DOWNLOAD_TOO_LARGE']);
  assert.ok(aborted, 'the server saw the connection closed early');
  assert.ok(sent < 64 * 1024 * 1024, `stopped early (sent ${sent} bytes)`);
  const hitsBefore = server.hits('/declared.bin');
  const small = await runItems([{ file_urls: [server.at('/declared.bin')] }], { FILES_STORE: await tempDir(t), DOWNLOAD_MAXSIZE: '4000' });
  assert.equal((small.outputs[0]!.files_errors as Array<{ code: string }>)[0]!.code, 'ERR_DOWNLOAD_TOO_LARGE');
  assert.equal(server.hits('/declared.bin'), hitsBefore + 1, 'refused once, not retried');
  // Neither the aborted body nor anything else is left behind: only the one good file is stored.
  assert.deepEqual(await readdir(path.join(store, 'full')), [`${sha1(server.at('/declared.bin'))}.bin`]);
  assert.deepEqual(await leftoverTemporaries(store), []);
});

test('data: URLs are stored; other schemes and relative URLs are refused with coded errors', async (t) => {
  const store = await tempDir(t);
  const dataUrl = 'data:text/plain;base64,aGVsbG8=';
  const { outputs } = await runItems(
    [{ file_urls: [dataUrl, 'file:///etc/passwd', 'ftp://127.0.0.1/x', 'relative/path.png', 42] }],
    { FILES_STORE: store },
  );
  const [file] = outputs[0]!.files as Array<Record<string, unknown>>;
  assert.equal(file!.path, `full/${sha1(dataUrl)}.txt`);
  assert.equal(file!.checksum, md5('hello'));
  assert.equal(await readFile(path.join(store, file!.path as string), 'utf8'), 'hello');
  const errors = outputs[0]!.files_errors as Array<{ url: string; code: string; message: string }>;
  assert.deepEqual(errors.map((e) => e.code), ['ERR_DOWNLOAD_SCHEME', 'ERR_DOWNLOAD_SCHEME', 'ERR_DOWNLOAD_INVALID_URL', 'ERR_DOWNLOAD_INVALID_URL']);
  assert.equal(errors[2]!.message, 'Missing scheme in request url: relative/path.png');
  assert.equal(errors[3]!.message, 'Request url must be str, got int');
});

test('a URL field that is not a list fails the item with Scrapy\'s message; a missing field gives []', async (t) => {
  const store = await tempDir(t);
  const { outputs } = await runItems([{ file_urls: 'http://127.0.0.1/x.pdf' }, { name: 'no urls' }, { file_urls: null }], { FILES_STORE: store });
  assert.deepEqual(outputs[0]!.files, []);
  assert.deepEqual(outputs[0]!.files_errors, [
    { url: '', code: 'ERR_INPUT_URLS_NOT_LIST', message: 'file_urls must be a list of URLs, got str. ' },
  ]);
  assert.deepEqual(outputs[1], { name: 'no urls', files: [], files_errors: [] });
  assert.equal((outputs[2]!.files_errors as Array<{ message: string }>)[0]!.message, 'file_urls must be a list of URLs, got NoneType. ');
});

test('field names are configurable and the item\'s Referer and headers are sent, but not across origins', async (t) => {
  const other = await origin(t, { '/elsewhere.txt': { body: 'x' } });
  const server = await origin(t, {
    '/doc.txt': { body: 'doc' },
    '/hop.txt': { redirect: other.at('/elsewhere.txt') },
  });
  const store = await tempDir(t);
  const { outputs } = await runItems(
    [{ attachments: [server.at('/doc.txt'), server.at('/hop.txt')], referer: 'http://page.test/article', media_headers: { Cookie: 'session=1', 'X-Token': 'abc' } }],
    { FILES_STORE: store, FILES_URLS_FIELD: 'attachments', FILES_RESULT_FIELD: 'stored' },
  );
  assert.equal((outputs[0]!.stored as unknown[]).length, 2);
  assert.deepEqual(outputs[0]!.stored_errors, []);
  const sent = server.lastHeaders('/doc.txt')!;
  assert.equal(sent.referer, 'http://page.test/article');
  assert.equal(sent.cookie, 'session=1');
  assert.equal(sent['x-token'], 'abc');
  assert.match(sent['user-agent'] ?? '', /^Gleaner\//);
  const crossed = other.lastHeaders('/elsewhere.txt')!;
  assert.equal(crossed.cookie, undefined, 'cookies are not carried to another origin');
  assert.equal(crossed['x-token'], 'abc');
});

test('invalid media_headers fail the item\'s files with ERR_INPUT_HEADERS', async (t) => {
  const store = await tempDir(t);
  const { outputs } = await runItems([{ file_urls: ['http://127.0.0.1:9/a'], media_headers: { 'Bad Header': 'x\r\ny' } }], { FILES_STORE: store });
  assert.equal((outputs[0]!.files_errors as Array<{ code: string }>)[0]!.code, 'ERR_INPUT_HEADERS');
});

test('connection errors are retried and reported with a download code; the job goes on', async (t) => {
  const server = await origin(t, { '/fine.txt': { body: 'fine' } });
  const store = await tempDir(t);
  const { outputs } = await runItems([{ file_urls: ['http://127.0.0.1:1/refused.txt', server.at('/fine.txt')] }], { FILES_STORE: store });
  assert.equal((outputs[0]!.files_errors as Array<{ code: string }>)[0]!.code, 'ERR_DOWNLOAD_CONNECTION');
  assert.equal((outputs[0]!.files as unknown[]).length, 1);
  const info = await stat(path.join(store, 'full'));
  assert.ok(info.isDirectory());
});
