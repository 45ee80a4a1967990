// The body writers (worker threads that write and MD5-hash bodies) and receiving a body: in memory or
// in a file, moved to a file when it outgrows memory, and nothing left behind when it fails.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { BATCH_BYTES, BodyWriteError, BodyWriterPool } from '../../../../companion/pipeline/download/body-writer.js';
import type { BodyConsumer, ResponseBody } from '../../../../companion/pipeline/download/exchange.js';
import { MemoryBudget, receiveBody } from '../../../../companion/pipeline/download/receive-body.js';
import { tempDir } from '../../../helpers/job.js';

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');

/** A response body fed by the test, chunk by chunk, recording pauses and aborts. */
function fakeBody(chunks: Buffer[], ending: 'end' | Error = 'end'): ResponseBody & { aborted: Error | undefined; pauses: number } {
  let consumer: BodyConsumer | undefined;
  const body = {
    aborted: undefined as Error | undefined,
    pauses: 0,
    consume(c: BodyConsumer) {
      consumer = c;
      setImmediate(() => {
        for (const chunk of chunks) {
          if (body.aborted) return;
          consumer!.data(chunk);
        }
        if (body.aborted) return;
        if (ending === 'end') consumer!.end();
        else consumer!.error(ending);
      });
    },
    pause: () => void body.pauses++,
    resume: () => {},
    abort: (reason: Error) => void (body.aborted ??= reason),
    discard: () => Promise.resolve(),
  };
  return body;
}

function chunked(data: Buffer, size = 64 * 1024): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) out.push(data.subarray(at, at + size));
  return out;
}

test('a body of several batches is written whole, with its MD5, size and mtime', async (t) => {
  const dir = await tempDir(t);
  const pool = new BodyWriterPool(2);
  t.after(() => pool.close());
  const data = randomBytes(3 * BATCH_BYTES + 12345);
  const file = path.join(dir, 'body.bin');
  const writer = pool.open(file);
  for (const chunk of chunked(data)) writer.write(chunk);
  const written = await writer.finish();
  assert.deepEqual((await readFile(file)).equals(data), true);
  assert.equal(written.size, data.length);
  assert.equal(written.md5, md5(data));
  assert.equal(written.mtimeNs, (await stat(file, { bigint: true })).mtimeNs.toString());
});

test('an aborted body leaves no file; a file that cannot be created is a coded error', async (t) => {
  const dir = await tempDir(t);
  const pool = new BodyWriterPool(1);
  t.after(() => pool.close());
  const writer = pool.open(path.join(dir, 'partial.bin'));
  writer.write(randomBytes(BATCH_BYTES + 1));
  writer.write(randomBytes(10));
  await writer.abort();
  assert.deepEqual(await readdir(dir), []);

  const missing = pool.open(path.join(dir, 'no-such-folder', 'x.bin'));
  missing.write(Buffer.from('x'));
  await assert.rejects(missing.finish(), (error: unknown) => error instanceof BodyWriteError && error.code === 'ENOENT');
  await missing.abort();
  // The pool still works after a failure.
  const next = pool.open(path.join(dir, 'next.bin'));
  next.write(Buffer.from('next'));
  assert.equal((await next.finish()).md5, md5(Buffer.from('next')));
});

test('receiving: small bodies stay in memory, a body outgrowing memory moves to a staged file', async (t) => {
  const dir = await tempDir(t);
  const pool = new BodyWriterPool(1);
  t.after(() => pool.close());
  const small = randomBytes(1000);
  const inMemory = await receiveBody(fakeBody(chunked(small, 300)), small.length, { target: { stagingDir: dir, memoryUpTo: 4096 }, maxSize: 0, writers: pool });
  assert.equal(inMemory.file, undefined);
  assert.ok(inMemory.data!.equals(small));
  assert.equal(inMemory.md5, md5(small));

  // No Content-Length, and larger than memoryUpTo: it ends up in a staged file, whole.
  const big = randomBytes(200_000);
  const staged = await receiveBody(fakeBody(chunked(big, 30_000)), null, { target: { stagingDir: dir, memoryUpTo: 50_000 }, maxSize: 0, writers: pool });
  assert.equal(staged.data, undefined);
  assert.ok((await readFile(staged.file!)).equals(big));
  assert.equal(staged.md5, md5(big));
  await staged.discard();
  assert.deepEqual(await readdir(dir), []);
});

test('receiving: the size limit and a failing connection abort the body and remove the partial file', async (t) => {
  const dir = await tempDir(t);
  const pool = new BodyWriterPool(1);
  t.after(() => pool.close());
  const data = randomBytes(3 * BATCH_BYTES);
  const limited = fakeBody(chunked(data));
  await assert.rejects(
    receiveBody(limited, null, { target: { stagingDir: dir }, maxSize: 2 * BATCH_BYTES, writers: pool }),
    (error: { code?: string }) => error.code === 'ERR_DOWNLOAD_TOO_LARGE',
  );
  assert.ok(limited.aborted, 'the connection is closed');
  assert.deepEqual(await readdir(dir), []);

  const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  await assert.rejects(
    receiveBody(fakeBody(chunked(data).slice(0, 20), reset), data.length, { target: { stagingDir: dir }, maxSize: 0, writers: pool }),
    (error: { code?: string }) => error.code === 'ECONNRESET',
  );
  assert.deepEqual(await readdir(dir), []);
});

test('receiving: a fast source is paused while the writer is behind', async (t) => {
  const dir = await tempDir(t);
  const pool = new BodyWriterPool(1);
  t.after(() => pool.close());
  const data = randomBytes(8 * BATCH_BYTES);
  const body = fakeBody(chunked(data));
  const received = await receiveBody(body, data.length, { target: { stagingDir: dir }, maxSize: 0, writers: pool });
  assert.ok(body.pauses > 0, 'paused at least once');
  assert.equal(received.md5, md5(data));
});

test('a writer thread that stops fails its bodies with a coded error and is replaced', async (t) => {
  const dir = await tempDir(t);
  const pool = new BodyWriterPool(1);
  t.after(() => pool.close());
  const writer = pool.open(path.join(dir, 'cut.bin'));
  writer.write(randomBytes(2 * BATCH_BYTES));
  const finished = writer.finish();
  await pool.close();
  await assert.rejects(finished, (error: unknown) => error instanceof BodyWriteError && error.code === 'EIO');
  const next = pool.open(path.join(dir, 'after.bin'));
  next.write(Buffer.from('after'));
  assert.equal((await next.finish()).md5, md5(Buffer.from('after')));
});

test('a body being written keeps the process alive until it is finished', async (t) => {
  const dir = await tempDir(t);
  // Nothing else holds the event loop open: only the writer thread's pending reply does.
  const script = path.join(dir, 'write.mts');
  const { writeFile } = await import('node:fs/promises');
  const moduleUrl = new URL('../../../../companion/pipeline/download/body-writer.ts', import.meta.url).href;
  await writeFile(script, [
    `import { BodyWriterPool } from ${JSON.stringify(moduleUrl)};`,
    `const writer = new BodyWriterPool(1).open(${JSON.stringify(path.join(dir, 'out.bin'))});`,
    `writer.write(Buffer.alloc(3 * 1024 * 1024, 1));`,
    `writer.finish().then((done) => console.log(done.md5));`,
  ].join('\n'));
  const { execFile } = await import('node:child_process');
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd() }, (error, out) => (error ? reject(error) : resolve(out))),
  );
  assert.equal(stdout.trim(), md5(Buffer.alloc(3 * 1024 * 1024, 1)));
});

test('receiving: bodies in memory are bounded by a budget; past it they are staged, and discarding gives it back', async (t) => {
  const dir = await tempDir(t);
  const pool = new BodyWriterPool(1);
  t.after(() => pool.close());
  const budget = new MemoryBudget(10_000);
  const options = { target: { stagingDir: dir, memoryUpTo: 8_000 }, maxSize: 0, writers: pool, budget };
  const a = randomBytes(6_000);
  const first = await receiveBody(fakeBody([a]), a.length, options);
  assert.ok(first.data, 'fits the budget: in memory');
  assert.equal(budget.used, 6_000);
  const second = await receiveBody(fakeBody([a]), a.length, options);
  assert.equal(second.data, undefined, 'the budget is spent: staged');
  assert.ok((await readFile(second.file!)).equals(a));
  // Without a Content-Length the most it could be is reserved, then only what arrived is kept.
  await first.discard();
  assert.equal(budget.used, 0);
  const unknown = await receiveBody(fakeBody([a.subarray(0, 100)]), null, options);
  assert.ok(unknown.data);
  assert.equal(budget.used, 100);
  await unknown.discard();
  await second.discard();
  assert.equal(budget.used, 0);
  // A failed body gives its reservation back too.
  await assert.rejects(receiveBody(fakeBody([a.subarray(0, 10)], new Error('reset')), 5_000, options));
  assert.equal(budget.used, 0);
});
