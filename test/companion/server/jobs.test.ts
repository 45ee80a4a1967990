// Jobs through the daemon on the real runner, against a local origin server: several clients at once
// sharing the downloader fairly, cancel mid-job, reconnect and catch up with job.get, throttled
// progress, per-job options and targets, queue limits, and graceful shutdown.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { GleanerClient, type JobEvent } from '../../../companion/client/gleaner-client.js';
import { ClientRegistry } from '../../../companion/server/auth/client-registry.js';
import { authed, rawSocket, startTestDaemon, tempHome, type TestContext } from '../../helpers/companion-daemon.js';
import { startOriginServer, type OriginServer } from '../../helpers/origin-server.js';

const FAST = { RETRY_BACKOFF_BASE: 0.01 };

async function origin(t: TestContext, routes: Parameters<typeof startOriginServer>[0] = {}): Promise<OriginServer> {
  const server = await startOriginServer(routes);
  t.after(() => server.close());
  return server;
}

/** A route that answers after `ms`. */
function slow(body: string, ms: number) {
  return (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    const timer = setTimeout(() => res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body), ms);
    res.on('close', () => clearTimeout(timer));
  };
}

/** A route that never answers (until the client gives up or the server closes). */
const stall = (): void => undefined;

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const all: JobEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

test('two clients run jobs at once; the shared downloader serves both fairly; each sees only its own jobs', async (t) => {
  const server = await origin(t);
  const order: string[] = [];
  let inFlight = 0;
  let peak = 0;
  for (const job of ['a', 'b']) {
    for (let i = 0; i < 12; i++) {
      server.route(`/${job}/${i}.txt`, (req, res) => {
        order.push(job);
        peak = Math.max(peak, ++inFlight);
        res.on('close', () => inFlight--);
        slow(`${job}${i}`, 30)(req, res);
      });
    }
  }
  const d = await startTestDaemon(t, { settings: [{ ...FAST, CONCURRENT_REQUESTS: 2, CONCURRENT_REQUESTS_PER_DOMAIN: 2 }] });
  const { token } = await new ClientRegistry(d.daemon.dirs).issue('second', 'script');
  const one = await GleanerClient.connect({ url: d.url, token: d.adminToken });
  const two = await GleanerClient.connect({ url: d.url, token });
  const items = (job: string) => Array.from({ length: 12 }, (_, i) => ({ n: i, file_urls: [server.at(`/${job}/${i}.txt`)] }));
  const [jobA, jobB] = await Promise.all([one.submit(items('a')), two.submit(items('b'))]);
  const [eventsA, eventsB] = await Promise.all([collect(jobA.events), collect(jobB.events)]);
  for (const [events, job] of [[eventsA, 'a'], [eventsB, 'b']] as const) {
    const items = events.filter((e) => e.type === 'job.item');
    assert.deepEqual(items.map((e) => e.index).sort((x, y) => x - y), [...Array(12).keys()]);
    for (const e of items) {
      const files = e.item.files as Array<{ url: string; status: string }>;
      assert.equal(files[0]!.status, 'downloaded');
      assert.ok(files[0]!.url.includes(`/${job}/`));
    }
    const done = events.at(-1)!;
    assert.equal(done.type, 'job.done');
    if (done.type === 'job.done') assert.deepEqual(done.summary.files, { downloaded: 12, uptodate: 0, cached: 0, failed: 0 });
  }
  // One downloader for the daemon: the global limit (2) held across both jobs…
  assert.equal(peak, 2);
  // …and round-robin between jobs: in the first half of all downloads both jobs had their share.
  const firstHalf = order.slice(0, 12);
  assert.ok(firstHalf.filter((j) => j === 'a').length >= 4, order.join(''));
  assert.ok(firstHalf.filter((j) => j === 'b').length >= 4, order.join(''));
  // Jobs are private to their client (the admin sees all).
  assert.deepEqual((await two.list()).map((j) => j.job), [jobB.id]);
  await assert.rejects(two.get(jobA.id), { code: 'ERR_JOB_NOT_FOUND' });
  assert.deepEqual(new Set((await one.list()).map((j) => j.job)), new Set([jobA.id, jobB.id]));
  await one.close();
  await two.close();
});

test('cancel mid-job: running downloads stop, finished results stay, job.done says cancelled', async (t) => {
  const server = await origin(t, { '/quick.txt': { body: 'quick' } });
  for (let i = 0; i < 20; i++) server.route(`/stall/${i}`, stall);
  const d = await startTestDaemon(t, { settings: [{ ...FAST, CONCURRENT_REQUESTS: 4 }] });
  const client = await GleanerClient.connect({ url: d.url, token: d.adminToken });
  const items = [{ file_urls: [server.at('/quick.txt')] }, ...Array.from({ length: 20 }, (_, i) => ({ file_urls: [server.at(`/stall/${i}`)] }))];
  const job = await client.submit(items);
  const events: JobEvent[] = [];
  for await (const event of job.events) {
    events.push(event);
    if (event.type === 'job.item' && event.index === 0) {
      // Wait until some stalled downloads are in flight, then cancel.
      while (server.totalHits() < 3) await new Promise((r) => setTimeout(r, 10));
      await client.cancel(job.id);
    }
  }
  const done = events.at(-1)!;
  assert.equal(done.type, 'job.done');
  if (done.type !== 'job.done') return;
  assert.equal(done.state, 'cancelled');
  assert.equal(done.summary.cancelled, true);
  assert.equal(done.summary.files.downloaded, 1);
  // Not every stalled URL was even requested: the rest of the job was dropped.
  assert.ok(server.totalHits() < 21, `hits ${server.totalHits()}`);
  const state = await client.get(job.id);
  assert.equal(state.info.state, 'cancelled');
  assert.ok(state.items.some((r) => r.index === 0));
  // Cancelling a finished job is fine.
  await client.cancel(job.id);
  await client.close();
});

test('a client that reconnects recovers every result with job.get (paged) and follows the rest live', async (t) => {
  const server = await origin(t);
  const total = 30;
  for (let i = 0; i < total; i++) server.route(`/r/${i}.txt`, slow(`body ${i}`, 20 + (i % 5) * 15));
  const d = await startTestDaemon(t, { settings: [{ ...FAST, CONCURRENT_REQUESTS: 3 }] });
  const items = Array.from({ length: total }, (_, i) => ({ i, file_urls: [server.at(`/r/${i}.txt`)] }));

  // First connection: a raw socket standing in for a service worker that gets killed.
  const first = await authed(d.url, d.adminToken);
  first.send({ type: 'job.submit', id: 's', items });
  const accepted = await first.nextOfType('job.accepted');
  const jobId = accepted.job as string;
  let seenBeforeDrop = 0;
  while (seenBeforeDrop < 5) if ((await first.next()).type === 'job.item') seenBeforeDrop++;
  first.ws.terminate();

  // Manual paging with a small page.
  const second = await authed(d.url, d.adminToken);
  second.send({ type: 'job.get', id: 'g1', job: jobId, limit: 3 });
  const page1 = await second.nextOfType('job.state');
  assert.equal(page1.re, 'g1');
  assert.equal(page1.items.length, 3);
  assert.deepEqual(page1.items.map((r: { seq: number }) => r.seq), [0, 1, 2]);
  assert.equal(page1.next, 3);
  assert.equal(page1.more, true);
  assert.equal(page1.following, false);
  await second.close();

  // The script client's follow(): everything, each item exactly once, then job.done.
  const client = await GleanerClient.connect({ url: d.url, token: d.adminToken });
  const handle = await client.follow(jobId);
  const events = await collect(handle.events);
  const indexes = events.filter((e) => e.type === 'job.item').map((e) => (e.type === 'job.item' ? e.index : -1));
  assert.equal(indexes.length, total, 'no duplicates, none missing');
  assert.deepEqual([...indexes].sort((a, b) => a - b), [...Array(total).keys()]);
  const done = events.at(-1)!;
  assert.equal(done.type, 'job.done');
  if (done.type === 'job.done') assert.equal(done.summary.files.downloaded, total);

  // After the job ended, follow() replays everything and ends with a done built from the job's info.
  const replay = await collect((await client.follow(jobId)).events);
  assert.equal(replay.filter((e) => e.type === 'job.item').length, total);
  assert.equal(replay.at(-1)!.type, 'job.done');
  const state = await client.get(jobId);
  assert.equal(state.info.state, 'done');
  assert.equal(state.info.counts.items, total);
  assert.equal(state.info.counts.finished, total);
  await client.close();
});

test('progress is coalesced and throttled, yet every file reaches its final stage', async (t) => {
  const server = await origin(t);
  const files = 1500;
  for (let i = 0; i < files; i++) server.route(`/p/${i}`, { body: `f${i}` });
  const d = await startTestDaemon(t, { limits: { progressIntervalMs: 200 }, settings: [{ ...FAST, CONCURRENT_REQUESTS: 16, CONCURRENT_REQUESTS_PER_DOMAIN: 16 }] });
  const client = await GleanerClient.connect({ url: d.url, token: d.adminToken });
  const started = Date.now();
  const job = await client.submit(Array.from({ length: files / 3 }, (_, k) => ({ file_urls: [0, 1, 2].map((j) => server.at(`/p/${k * 3 + j}`)) })));
  const final = new Map<string, string>();
  let progressMessages = 0;
  let entries = 0;
  let done: JobEvent | undefined;
  for await (const event of job.events) {
    if (event.type === 'job.progress') {
      progressMessages++;
      entries += event.files.length;
      for (const f of event.files) final.set(f.url, f.stage);
    } else if (event.type === 'job.done') done = event;
  }
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`${files} files in ${seconds.toFixed(2)} s: ${progressMessages} progress messages, ${entries} file entries`);
  assert.equal(final.size, files);
  assert.ok([...final.values()].every((stage) => stage === 'stored'));
  // At most one message per 200 ms, plus the drain before job.done (entries ≤ 1000 per message).
  assert.ok(progressMessages <= Math.ceil(seconds / 0.2) + 4, `${progressMessages} messages in ${seconds}s`);
  // Coalescing: far fewer entries than the runner's stage events (≥ 3 per file).
  assert.ok(entries < files * 3, `${entries} entries`);
  assert.ok(done && done.type === 'job.done' && done.summary.files.downloaded === files);
  await client.close();
});

test('per-job options and named targets: headers, redirects, pipelines, stores come from the target', async (t) => {
  const server = await origin(t, {
    '/h.txt': { body: 'headers' },
    '/moved': { redirect: '/h.txt' },
    '/f.bin': { body: 'file' },
  });
  const home = await tempHome(t);
  const photos = path.join(home, 'photos-store');
  const d = await startTestDaemon(t, {
    home,
    settings: [FAST],
    config: { targets: { photos: { description: 'Photos', FILES_STORE: photos, options: { USER_AGENT: 'target-agent' } } } },
  });
  const client = await GleanerClient.connect({ url: d.url, token: d.adminToken });
  assert.deepEqual(
    client.welcome.targets.map((x) => [x.name, x.default, x.files]),
    [['photos', false, photos], ['default', true, path.join(home, 'data', 'store', 'files')]],
  );
  const job = await client.submit(
    [{ file_urls: [server.at('/h.txt')] }, { file_urls: [server.at('/moved')] }],
    { target: 'photos', options: { headers: { 'X-Gleaner-Test': 'yes', Referer: 'https://page.example/' }, redirects: false } },
  );
  const events = await collect(job.events);
  const byIndex = new Map(events.filter((e) => e.type === 'job.item').map((e) => [(e as { index: number }).index, (e as { item: Record<string, unknown> }).item]));
  const stored = (byIndex.get(0)!.files as Array<{ path: string }>)[0]!;
  assert.equal(await readFile(path.join(photos, stored.path), 'utf8'), 'headers');
  const headers = server.lastHeaders('/h.txt')!;
  assert.equal(headers['x-gleaner-test'], 'yes');
  assert.equal(headers.referer, 'https://page.example/');
  assert.equal(headers['user-agent'], 'target-agent');
  assert.equal((byIndex.get(1)!.files_errors as Array<{ code: string }>)[0]!.code, 'ERR_DOWNLOAD_REDIRECT');

  // Images pipeline off on the default target: only files are fetched, no `images` field.
  const second = await client.submit([{ file_urls: [server.at('/f.bin')], image_urls: [server.at('/f.bin')] }], { options: { pipelines: { images: false } } });
  const item = (await collect(second.events)).find((e) => e.type === 'job.item') as { item: Record<string, unknown> };
  assert.ok(Array.isArray(item.item.files));
  assert.equal(item.item.images, undefined);
  // A pipeline the target has no store for cannot be turned on.
  await assert.rejects(client.submit([], { target: 'photos', options: { pipelines: { images: true } } }), { code: 'ERR_JOB_INVALID_OPTIONS' });
  await assert.rejects(client.submit([], { options: { minWidth: 10, thumbs: { 'bad name': [1, 1] } as never } }), { code: 'ERR_PROTOCOL_INVALID' });
  await client.close();
});

test('queue limits: jobs wait for a running slot, the queue is bounded, a queued job can be cancelled, old jobs are forgotten', async (t) => {
  const server = await origin(t, { '/stall': stall, '/ok': { body: 'ok' } });
  const d = await startTestDaemon(t, { settings: [FAST], limits: { maxRunningJobs: 1, maxQueuedJobs: 2, keepFinishedJobs: 1 } });
  const socket = await authed(d.url, d.adminToken);
  socket.send({ type: 'job.submit', id: 'a', items: [{ file_urls: [server.at('/stall')] }] });
  const a = await socket.nextOfType('job.accepted');
  assert.equal(a.state, 'running');
  socket.send({ type: 'job.submit', id: 'b', items: [{ file_urls: [server.at('/ok')] }] });
  const b = await socket.nextOfType('job.accepted');
  assert.equal(b.state, 'queued');
  socket.send({ type: 'job.submit', id: 'c', items: [] });
  const full = await socket.nextOfType('error');
  assert.equal(full.code, 'ERR_JOB_QUEUE_FULL');
  assert.equal(full.re, 'c');
  socket.send({ type: 'job.cancel', id: 'x', job: b.job });
  const doneB = await socket.nextOfType('job.done');
  assert.equal(doneB.job, b.job);
  assert.equal(doneB.state, 'cancelled');
  assert.equal(server.hits('/ok'), 0);
  socket.send({ type: 'job.cancel', id: 'y', job: a.job });
  const doneA = await socket.nextOfType('job.done');
  assert.equal(doneA.job, a.job);
  assert.equal(doneA.state, 'cancelled');
  // Only the most recent finished job is kept.
  socket.send({ type: 'job.list', id: 'l' });
  const list = await socket.nextOfType('job.listed');
  assert.deepEqual(list.jobs.map((j: { job: string }) => j.job), [a.job]);
  socket.send({ type: 'job.get', id: 'g', job: b.job });
  assert.equal((await socket.nextOfType('error')).code, 'ERR_JOB_NOT_FOUND');
  await socket.close();
});

test('graceful shutdown: running files may finish within the grace period, clients get job.done then a coded close', async (t) => {
  const server = await origin(t);
  for (let i = 0; i < 4; i++) server.route(`/g/${i}`, slow(`g${i}`, 300));
  const d = await startTestDaemon(t, { settings: [FAST], limits: { shutdownGraceMs: 5000 } });
  const socket = await authed(d.url, d.adminToken);
  socket.send({ type: 'job.submit', items: [0, 1, 2, 3].map((i) => ({ file_urls: [server.at(`/g/${i}`)] })) });
  await socket.nextOfType('job.accepted');
  while (server.totalHits() < 4) await new Promise((r) => setTimeout(r, 10));
  const closing = d.close();
  // New connections are refused at once.
  await assert.rejects(GleanerClient.connect({ url: d.url, token: d.adminToken, timeoutMs: 2000 }), { code: 'ERR_PROTOCOL_CONNECTION' });
  const done = await socket.nextOfType('job.done');
  assert.equal(done.state, 'done');
  assert.equal(done.summary.files.downloaded, 4);
  const bye = await socket.nextOfType('error');
  assert.equal(bye.code, 'ERR_PROTOCOL_SHUTTING_DOWN');
  assert.equal((await socket.closed).code, 1001);
  await closing;
});

test('graceful shutdown: files still running after the grace period are cancelled', async (t) => {
  const server = await origin(t, { '/stall': stall });
  const d = await startTestDaemon(t, { settings: [FAST], limits: { shutdownGraceMs: 300 } });
  const socket = await authed(d.url, d.adminToken);
  socket.send({ type: 'job.submit', items: [{ file_urls: [server.at('/stall')] }] });
  await socket.nextOfType('job.accepted');
  while (server.hits('/stall') < 1) await new Promise((r) => setTimeout(r, 10));
  const started = Date.now();
  await Promise.all([
    d.close(),
    (async () => {
      const done = await socket.nextOfType('job.done');
      assert.equal(done.state, 'cancelled');
      assert.equal((await socket.nextOfType('error')).code, 'ERR_PROTOCOL_SHUTTING_DOWN');
    })(),
  ]);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 250 && elapsed < 5000, `${elapsed} ms`);
  assert.ok(d.logs().some((l) => l.msg === 'Companion stopped'));
  void rawSocket;
});
