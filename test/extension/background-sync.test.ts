// The background's companion client, job book and sync against the real companion (in-process, on a
// temporary store), with the `ws` package standing in for the browser's WebSocket: pairing, a job run
// to the end, a connection dropped mid-job (caught up with job.get from the last result), and a
// companion restarted mid-job (it forgot the job, so the unfinished files are submitted again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import WebSocket from 'ws';
import { CompanionClient, type ClientTiming } from '../../extension/background/companion-client.js';
import { JobBook } from '../../extension/background/job-book.js';
import { JobSync } from '../../extension/background/job-sync.js';
import { pairWithCode, PairingError } from '../../extension/background/pairing.js';
import type { MediaEntry } from '../../shared/extract/types.js';
import type { StatusView } from '../../extension/view-types.js';
import { companionForExtension } from './helpers/companion.js';

const FAST: ClientTiming = { pingMs: 1000, silenceMs: 5000, backoffBaseMs: 50, backoffMaxMs: 400, helloTimeoutMs: 3000 };
const BrowserWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Images that answer after `i * stepMs`, so a job's results arrive one by one. */
async function slowImages(t: { after(fn: () => Promise<void>): void }, count: number, stepMs: number) {
  const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#369' } }).png().toBuffer();
  const server = http.createServer((req, res) => {
    const n = Number(/\/img\/(\d+)\.png/.exec(req.url ?? '')?.[1] ?? -1);
    if (n < 0) return void res.writeHead(404).end();
    setTimeout(() => res.writeHead(200, { 'content-type': 'image/png' }).end(png), n * stepMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(() => resolve())));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const media: MediaEntry[] = Array.from({ length: count }, (_, i) => ({ url: `${origin}/img/${i}.png`, kind: 'image', sources: ['img'], referer: `${origin}/page` }));
  return { origin, media };
}

async function background(t: { after(fn: () => Promise<void>): void }) {
  const companion = await companionForExtension('abcdefghijklmnopabcdefghijklmnop');
  t.after(() => companion.dispose());
  await companion.start();
  const address = () => `127.0.0.1:${companion.port}`;
  const token = await pairWithCode(address(), companion.pairingCode(), BrowserWebSocket);
  const statuses: StatusView[] = [];
  const book = new JobBook();
  const client: CompanionClient = new CompanionClient(
    {
      config: async () => ({ address: address(), token }),
      status: (status) => statuses.push(status),
      welcome: (welcome) => void sync.onWelcome(welcome),
      message: (message) => sync.onMessage(message),
      tokenRejected: () => undefined,
    },
    FAST,
    BrowserWebSocket,
  );
  const sync: JobSync = new JobSync({ book, client, prepareItems: async (items) => items });
  t.after(async () => client.setWanted(false));
  client.setWanted(true);
  await until('the connection', () => client.connected);
  return { companion, book, client, sync, statuses };
}

test('pairing: a wrong code is refused with a clear message, the right one gives a token', async (t) => {
  const companion = await companionForExtension('abcdefghijklmnopabcdefghijklmnop');
  t.after(() => companion.dispose());
  await companion.start();
  const address = `127.0.0.1:${companion.port}`;
  await assert.rejects(pairWithCode(address, 'nope', BrowserWebSocket), (error: unknown) => error instanceof PairingError && /wrong or has expired/.test(error.message));
  const token = await pairWithCode(address, companion.pairingCode(), BrowserWebSocket);
  assert.ok(token.length > 20);
  await companion.stop();
  await assert.rejects(pairWithCode(address, 'whatever', BrowserWebSocket), /No companion answers/);
});

test('a job runs to the end: every file stored, results in the book', async (t) => {
  const { companion, book, sync, statuses } = await background(t);
  assert.equal(statuses.at(-1)?.state, 'connected');
  assert.deepEqual(statuses.at(-1)?.targets.map((x) => x.name), ['default']);
  const { media } = await slowImages(t, 3, 0);
  const record = book.create({ pageUrl: 'http://page', title: 'Page', options: { thumbs: { small: [8, 8] } }, media });
  await sync.flush();
  await until('the job to finish', () => book.head(record).state === 'done');
  assert.deepEqual(book.head(record).counts.stored, 3);
  for (const file of record.files) {
    assert.match(file.path ?? '', /^full\/[0-9a-f]{40}\.jpg$/);
    assert.ok(existsSync(path.join(companion.store, 'images', file.path!)));
  }
});

test('a connection dropped mid-job catches up with job.get from the last result', async (t) => {
  const { book, client, sync, statuses } = await background(t);
  const { media } = await slowImages(t, 6, 250);
  const record = book.create({ pageUrl: 'http://page', title: 'Page', options: {}, media });
  await sync.flush();
  await until('a first result', () => record.files.some((f) => f.stage === 'stored'));
  const before = statuses.length;
  client.restart();
  await until('the reconnection', () => statuses.slice(before).some((s) => s.state === 'connected'));
  await until('the job to finish', () => book.head(record).state === 'done');
  assert.deepEqual(record.files.map((f) => f.stage), Array(6).fill('stored'));
  assert.equal(record.submissions.length, 1, 'the same companion job, followed again');
  assert.equal(record.submissions[0]!.next, 6);
});

test('a companion restarted mid-job: the unfinished files are submitted again and stored', async (t) => {
  const { companion, book, sync, statuses } = await background(t);
  const { media } = await slowImages(t, 5, 400);
  const record = book.create({ pageUrl: 'http://page', title: 'Page', options: {}, media });
  await sync.flush();
  await until('a first result', () => record.files.some((f) => f.stage === 'stored'));
  await companion.stop();
  await until('the unreachable status', () => statuses.at(-1)?.state === 'unreachable');
  assert.match(statuses.at(-1)!.message, /not reachable/);
  await companion.start();
  await until('every file stored', () => record.files.every((f) => f.stage === 'stored'), 30_000).catch((error: Error) => {
    throw new Error(`${error.message}: files ${JSON.stringify(record.files.map((f) => [f.stage, f.code]))}, submissions ${JSON.stringify(record.submissions)}, statuses ${statuses.map((s) => s.state).join(' ')}`);
  });
  assert.ok(record.submissions.length >= 2, 'a new submission carried the unfinished files');
  // The last job.done may arrive just after the last file's result.
  await until('the record to be done', () => book.head(record).state === 'done');
});
