// Fault injection: real local servers misbehaving on purpose. Each case must end in a coded per-file
// failure (or a success after retries), no partial file under a final name, and the job finishing.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import type { LookupFunction } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { resolveSettings } from '../../../companion/config/settings.js';
import { Downloader, downloaderLimits } from '../../../companion/pipeline/download/downloader.js';
import { runJob } from '../../../companion/jobs/run-job.js';
import { FAST_RETRIES, runItems, tempDir, leftoverTemporaries } from '../../helpers/job.js';
import { startOriginServer, type OriginServer } from '../../helpers/origin-server.js';

async function origin(t: { after(fn: () => Promise<void>): void }, routes: Parameters<typeof startOriginServer>[0]): Promise<OriginServer> {
  const server = await startOriginServer(routes);
  t.after(() => server.close());
  return server;
}

function codes(output: Record<string, unknown>, field = 'files_errors'): string[] {
  return (output[field] as Array<{ code: string }>).map((e) => e.code);
}

async function storedNames(store: string): Promise<string[]> {
  return readdir(path.join(store, 'full')).catch(() => []);
}

test('connection reset mid-body, a body shorter than its Content-Length: retried, then coded failures', async (t) => {
  const server = await origin(t, {
    '/reset.bin': (_req, res) => {
      res.writeHead(200, { 'content-length': '100000' });
      res.write(Buffer.alloc(20000));
      setTimeout(() => res.socket?.resetAndDestroy(), 20);
    },
    '/short.bin': (_req, res) => {
      res.writeHead(200, { 'content-length': '5000' });
      res.end(Buffer.alloc(1000));
      res.socket?.destroySoon();
    },
    '/ok.txt': { body: 'fine' },
  });
  const store = await tempDir(t);
  const { outputs } = await runItems([{ file_urls: ['/reset.bin', '/short.bin', '/ok.txt'].map(server.at) }], { FILES_STORE: store });
  const failures = codes(outputs[0]!);
  assert.equal(failures.length, 2);
  assert.ok(failures.every((c) => c === 'ERR_DOWNLOAD_CONNECTION' || c === 'ERR_DOWNLOAD_TRUNCATED'), failures.join());
  assert.equal(server.hits('/reset.bin'), 3, 'retried twice');
  assert.equal((await storedNames(store)).length, 1, 'only the good file is stored');
  assert.deepEqual(await leftoverTemporaries(store), []);
});

test('stalled headers and a stalled body time out with ERR_DOWNLOAD_TIMEOUT', async (t) => {
  const server = await origin(t, {
    '/stall-headers': () => {},
    '/stall-body': (_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x');
    },
  });
  const store = await tempDir(t);
  const { outputs } = await runItems([{ file_urls: [server.at('/stall-headers'), server.at('/stall-body')] }], {
    FILES_STORE: store,
    DOWNLOAD_TIMEOUT: '0.3',
    RETRY_TIMES: '1',
  });
  assert.deepEqual(codes(outputs[0]!), ['ERR_DOWNLOAD_TIMEOUT', 'ERR_DOWNLOAD_TIMEOUT']);
  assert.equal(server.hits('/stall-headers'), 2);
  assert.deepEqual(await storedNames(store), []);
});

test('a 429 burst with Retry-After pauses the host; every file still arrives', async (t) => {
  let limited = 3;
  const server = await origin(t, {
    '/f1': (_req, res) => (limited-- > 0 ? res.writeHead(429, { 'retry-after': '1' }).end() : res.end('1')),
    '/f2': (_req, res) => (limited-- > 0 ? res.writeHead(429, { 'retry-after': '1' }).end() : res.end('2')),
    '/f3': (_req, res) => (limited-- > 0 ? res.writeHead(429, { 'retry-after': '1' }).end() : res.end('3')),
  });
  const store = await tempDir(t);
  const { outputs, summary } = await runItems([{ file_urls: ['/f1', '/f2', '/f3'].map(server.at) }], { FILES_STORE: store });
  assert.deepEqual(codes(outputs[0]!), []);
  assert.equal(summary.files.downloaded, 3);
  assert.equal(server.totalHits(), 6, 'each limited file was asked again once, after the pause');
});

test('a host that keeps failing is paused: after HOST_CIRCUIT_FAILURES its other files fail fast', async (t) => {
  const server = await origin(t, { '/x': { status: 503 } });
  const store = await tempDir(t);
  const urls = Array.from({ length: 8 }, (_, i) => server.at(`/x?${i}`));
  for (let i = 0; i < 8; i++) server.route(`/x?${i}`, { status: 503 });
  const { outputs } = await runItems([{ file_urls: urls }], {
    FILES_STORE: store,
    HOST_CIRCUIT_FAILURES: '4',
    CONCURRENT_REQUESTS_PER_DOMAIN: '1',
    RETRY_TIMES: '1',
  });
  const failures = codes(outputs[0]!);
  assert.equal(failures.length, 8);
  assert.ok(failures.includes('ERR_DOWNLOAD_HOST_PAUSED'), failures.join());
  assert.ok(server.totalHits() < 16, `the paused host was spared requests (${server.totalHits()} of 16)`);
});

test('a name that does not resolve fails with ERR_DOWNLOAD_DNS (resolver injected: no real DNS)', async (t) => {
  const settings = resolveSettings(FAST_RETRIES, { FILES_STORE: await tempDir(t), RETRY_TIMES: '0' });
  const lookup: LookupFunction = (hostname, _options, callback) => {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    (callback as (e: Error) => void)(error);
  };
  const downloader = new Downloader({ ...downloaderLimits(settings), lookup });
  t.after(() => downloader.close());
  const outputs: Array<Record<string, unknown>> = [];
  await runJob([{ item: { file_urls: ['http://no-such-host.invalid/a.png'] } }], { settings, downloader, onItem: (i, o) => (outputs[i] = o) });
  assert.deepEqual(codes(outputs[0]!), ['ERR_DOWNLOAD_DNS']);
});

test('images: corrupt bytes, an HTML page with 200, and a decompression bomb are coded failures', async (t) => {
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  // A PNG that declares 40000x40000 pixels: refused from its header, never decoded.
  const bomb = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
  bomb.writeUInt32BE(40000, 16);
  bomb.writeUInt32BE(40000, 20);
  const server = await origin(t, {
    '/corrupt.jpg': { body: jpeg.subarray(0, 200) },
    '/error-page.jpg': { body: '<!doctype html><h1>Hotlinking not allowed</h1>', headers: { 'content-type': 'text/html' } },
    '/bomb.png': { body: bomb },
    '/good.jpg': { body: jpeg },
  });
  const store = await tempDir(t);
  const { outputs } = await runItems([{ image_urls: ['/corrupt.jpg', '/error-page.jpg', '/bomb.png', '/good.jpg'].map(server.at) }], { IMAGES_STORE: store });
  assert.deepEqual(codes(outputs[0]!, 'images_errors'), ['ERR_PROCESS_IMAGE_DECODE', 'ERR_PROCESS_IMAGE_DECODE', 'ERR_PROCESS_IMAGE_TOO_LARGE']);
  assert.equal((outputs[0]!.images as unknown[]).length, 1);
  assert.equal((await storedNames(store)).length, 1);
});

test('a store folder that cannot be written fails each file with ERR_STORE_WRITE and the job finishes', async (t) => {
  const dir = await tempDir(t);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path.join(dir, 'full'), 'a file where the folder should be');
  const server = await origin(t, { '/a.txt': { body: 'a' }, '/b.txt': { body: 'b' } });
  const { outputs, summary } = await runItems([{ file_urls: [server.at('/a.txt')] }, { file_urls: [server.at('/b.txt')] }], { FILES_STORE: dir });
  assert.deepEqual([...codes(outputs[0]!), ...codes(outputs[1]!)], ['ERR_STORE_WRITE', 'ERR_STORE_WRITE']);
  assert.equal(summary.items, 2);
});

test('the disk filling up mid-write (file size limit) fails that file with ERR_STORE_WRITE, leaves no partial file, and the run goes on', async (t) => {
  const { spawn } = await import('node:child_process');
  const { REPO_ROOT, jsonLines } = await import('../../helpers/cli.js');
  const server = await origin(t, { '/big.bin': { body: Buffer.alloc(8 * 1024 * 1024, 7) }, '/small.txt': { body: 'small' } });
  const store = await tempDir(t);
  const input = `${JSON.stringify({ file_urls: [server.at('/big.bin'), server.at('/small.txt')] })}\n`;
  // ulimit -f: writes past 2 MiB fail with EFBIG in the child, as on a full disk.
  const script = `ulimit -f 2048; exec "${process.execPath}" --import tsx companion/cli.ts run - --files-store "${store}"`;
  const child = spawn('bash', ['-c', script], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stdin.end(input);
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  const [output] = jsonLines(stdout);
  assert.deepEqual(codes(output!), ['ERR_STORE_WRITE']);
  assert.equal((output!.files as unknown[]).length, 1);
  assert.equal((await storedNames(store)).length, 1, 'only the small file has a final name');
  assert.deepEqual(await leftoverTemporaries(store), []);
});
