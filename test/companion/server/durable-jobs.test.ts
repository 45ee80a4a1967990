// Durable jobs: the real `gleaner serve` as a child process, killed with SIGKILL mid-job and started
// again on the same home. The job resumes under its id; a client that reconnects with the same token
// gets every item's result exactly once with stable seq numbers; files finished before the crash are
// not fetched again (origin hit counts), only files in flight at the kill may be; no partial file
// carries a final name. Cancelled jobs stay cancelled; finished jobs' folders stay bounded.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { GleanerClient, type JobEvent } from '../../../companion/client/gleaner-client.js';
import { gleanerDirs } from '../../../companion/config/home.js';
import { ensureConfigDir } from '../../../companion/daemon/paths.js';
import { ClientRegistry } from '../../../companion/server/auth/client-registry.js';
import { JobFiles, type JobMeta } from '../../../companion/server/job-files.js';
import { filePath } from '../../../shared/naming/media-path.js';
import { startTestDaemon, tempHome, type TestContext } from '../../helpers/companion-daemon.js';
import { startOriginServer } from '../../helpers/origin-server.js';
import { startServeProcess, type ServeProcess } from '../../helpers/serve-process.js';

const SERVE_ARGS = ['-s', 'CONCURRENT_REQUESTS=4', '-s', 'CONCURRENT_REQUESTS_PER_DOMAIN=4', '-s', 'RETRY_BACKOFF_BASE=0.01', '--log-level', 'warn'];

async function serve(t: TestContext, home: string): Promise<ServeProcess> {
  const daemon = await startServeProcess(home, SERVE_ARGS);
  t.after(() => daemon.crash());
  return daemon;
}

async function scriptToken(home: string): Promise<string> {
  const dirs = gleanerDirs(home);
  await ensureConfigDir(dirs);
  return (await new ClientRegistry(dirs).issue('durable test', 'script')).token;
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])));
  return nested.flat();
}

const body = (i: number): string => `file ${i} `.repeat(40);
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

test('kill -9 mid-job, restart: the job resumes, every result once, nothing finished is fetched again', async (t) => {
  const total = 60;
  const fast = 24;
  const origin = await startOriginServer();
  t.after(() => origin.close());
  let crashed = false;
  const requestedBeforeCrash = new Set<number>();
  for (let i = 0; i < total; i++) {
    origin.route(`/d/${i}.bin`, (_req: http.IncomingMessage, res: http.ServerResponse) => {
      if (!crashed) requestedBeforeCrash.add(i);
      const answer = (): void => void res.writeHead(200, { 'content-length': Buffer.byteLength(body(i)) }).end(body(i));
      // The later files are slow until the crash, so some are surely in flight when it happens.
      if (i < fast || crashed) return answer();
      const timer = setTimeout(answer, 1500);
      res.on('close', () => clearTimeout(timer));
    });
  }
  const home = await tempHome(t);
  const token = await scriptToken(home);
  const first = await serve(t, home);
  const client = await GleanerClient.connect({ url: first.url, token });
  const items = Array.from({ length: total }, (_, i) => ({ n: i, file_urls: [origin.at(`/d/${i}.bin`)] }));
  const job = await client.submit(items, { label: 'durable' });
  const before = new Map<number, { seq: number; item: Record<string, unknown> }>();
  const consuming = (async () => {
    for await (const event of job.events) if (event.type === 'job.item') before.set(event.index, { seq: event.seq, item: event.item });
  })().catch((error: unknown) => error);
  await until(() => before.size >= fast && requestedBeforeCrash.size >= fast + 4, 'the fast files and some slow ones');
  const receivedAtCrash = new Set(before.keys());
  await first.crash();
  crashed = true;
  assert.equal(((await consuming) as { code?: string }).code, 'ERR_PROTOCOL_CLOSED');
  const inFlight = [...requestedBeforeCrash].filter((i) => !receivedAtCrash.has(i));

  const second = await serve(t, home);
  const again = await GleanerClient.connect({ url: second.url, token });
  const events: JobEvent[] = [];
  for await (const event of (await again.follow(job.id)).events) events.push(event);
  const results = events.filter((e) => e.type === 'job.item');
  // Every item exactly once, seq 0..n-1 with no gap and no repeat.
  assert.deepEqual(results.map((r) => r.index).sort((a, b) => a - b), [...Array(total).keys()]);
  assert.deepEqual(results.map((r) => r.seq).sort((a, b) => a - b), [...Array(total).keys()]);
  // What the client saw before the crash comes back unchanged, under the same seq.
  for (const r of results) {
    const seen = before.get(r.index);
    if (seen) assert.deepEqual({ seq: r.seq, item: r.item }, seen);
  }
  const done = events.at(-1)!;
  assert.equal(done.type, 'job.done');
  if (done.type !== 'job.done') return;
  assert.equal(done.state, 'done');
  assert.equal(done.summary.items, total);
  assert.equal(done.summary.files.failed, 0);
  assert.equal(done.summary.files.downloaded + done.summary.files.uptodate, total);

  // Origin hits: one per file, two at most, and only for files in flight at the kill.
  const refetched = [...Array(total).keys()].filter((i) => origin.hits(`/d/${i}.bin`) > 1);
  t.diagnostic(`received before the kill: ${receivedAtCrash.size}, in flight: ${inFlight.length}, fetched again: ${refetched.length}`);
  for (let i = 0; i < total; i++) assert.ok(origin.hits(`/d/${i}.bin`) >= 1 && origin.hits(`/d/${i}.bin`) <= 2, `file ${i}: ${origin.hits(`/d/${i}.bin`)} hits`);
  for (const i of refetched) assert.ok(inFlight.includes(i), `file ${i} was fetched again but was not in flight`);
  assert.ok(receivedAtCrash.size >= fast);
  for (const i of receivedAtCrash) assert.equal(origin.hits(`/d/${i}.bin`), 1);

  // The store: every result's file holds its full body; no file under a final name is partial.
  const store = path.join(home, 'data', 'store', 'files');
  const expected = new Map(items.map((item, i) => [filePath(item.file_urls[0]!), body(i)]));
  for (const r of results) {
    const [info] = r.item.files as Array<{ path: string; checksum: string }>;
    assert.equal(await readFile(path.join(store, info!.path), 'utf8'), body(r.index));
    assert.equal(info!.checksum, md5(body(r.index)));
  }
  for (const file of await walk(store)) {
    const relative = path.relative(store, file).split(path.sep).join('/');
    if (relative.startsWith('.gleaner-') || relative.endsWith('.part')) continue;
    assert.equal(await readFile(file, 'utf8'), expected.get(relative), relative);
  }
  // The finished job keeps its journal and final state, not its inputs.
  const jobDir = path.join(home, 'data', 'jobs', job.id);
  assert.deepEqual((await readdir(jobDir)).sort(), ['items.jsonl', 'job.json']);
  assert.equal(JSON.parse(await readFile(path.join(jobDir, 'job.json'), 'utf8')).final.state, 'done');
  await again.close();
});

test('a cancelled job is not resumed; finished jobs survive a crash, and only the newest are kept on disk', async (t) => {
  const origin = await startOriginServer({ '/ok.txt': { body: 'ok' } });
  t.after(() => origin.close());
  for (let i = 0; i < 8; i++) origin.route(`/stall/${i}`, () => undefined);
  const home = await tempHome(t);
  const token = await scriptToken(home);
  await mkdir(path.join(home, 'config'), { recursive: true });
  await writeFile(path.join(home, 'config', 'companion.json'), JSON.stringify({ limits: { keepFinishedJobs: 2 } }));
  const first = await serve(t, home);
  const client = await GleanerClient.connect({ url: first.url, token });
  const finished: string[] = [];
  for (let k = 0; k < 5; k++) {
    const job = await client.submit([{ k, file_urls: [origin.at('/ok.txt')] }, { k, file_urls: [origin.at(`/ok.txt?${k}`)] }]);
    assert.equal((await job.done).state, 'done');
    finished.push(job.id);
  }
  const stalled = await client.submit(Array.from({ length: 8 }, (_, i) => ({ file_urls: [origin.at(`/stall/${i}`)] })));
  await until(() => origin.hits('/stall/0') > 0, 'a stalled download');
  await client.cancel(stalled.id);
  // Killed right after the cancel was acknowledged, before or after the job wound down.
  await first.crash();
  const stallHits = (): number => Array.from({ length: 8 }, (_, i) => origin.hits(`/stall/${i}`)).reduce((a, b) => a + b, 0);
  const hitsAtCrash = stallHits();

  const second = await serve(t, home);
  const again = await GleanerClient.connect({ url: second.url, token });
  const state = await again.get(stalled.id);
  assert.equal(state.info.state, 'cancelled');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(stallHits(), hitsAtCrash, 'nothing of the cancelled job ran again');
  // The newest finished job is still there with its results; older ones beyond the limit are gone.
  const last = await again.get(finished.at(-1)!);
  assert.equal(last.info.state, 'done');
  assert.deepEqual(last.items.map((r) => r.seq), [0, 1]);
  assert.deepEqual(last.items.map((r) => (r.item.files as Array<{ status: string }>)[0]!.status).sort(), ['downloaded', 'uptodate']);
  for (const old of finished.slice(0, -1)) await assert.rejects(again.get(old), { code: 'ERR_JOB_NOT_FOUND' });
  // Disk: two finished jobs (the newest and the cancelled one), each only job.json + items.jsonl.
  const jobsDir = path.join(home, 'data', 'jobs');
  assert.deepEqual((await readdir(jobsDir)).sort(), [finished.at(-1)!, stalled.id].sort());
  for (const id of await readdir(jobsDir)) assert.deepEqual((await readdir(path.join(jobsDir, id))).sort(), ['items.jsonl', 'job.json']);
  assert.deepEqual((await again.list()).map((j) => j.job).sort(), [finished.at(-1)!, stalled.id].sort());
  await again.close();
});

test('restore rules: incomplete submissions deleted; cancel requests, lost targets, revoked owners and crash loops end the job; the rest runs only what is not journaled', async (t) => {
  const origin = await startOriginServer({ '/a.txt': { body: 'a' }, '/b.txt': { body: 'b' } });
  t.after(() => origin.close());
  const home = await tempHome(t);
  const dirs = gleanerDirs(home);
  await ensureConfigDir(dirs);
  const { client: owner, token } = await new ClientRegistry(dirs).issue('owner', 'script');
  const jobsDir = path.join(dirs.data, 'jobs');
  const items = [{ file_urls: [origin.at('/a.txt')] }, { file_urls: [origin.at('/b.txt')] }];
  const save = async (name: string, changes: Partial<JobMeta> = {}): Promise<JobFiles> =>
    JobFiles.create(jobsDir, { version: 1, id: `j_${name}`, owner: owner.id, target: 'default', createdAt: Date.now(), items: items.length, ...changes }, items);
  // Item 0 of "resume" finished before the "crash": its journal line is there.
  const resume = await save('resume');
  await resume.startRun();
  const journaled = { file_urls: [origin.at('/a.txt')], files: [{ url: origin.at('/a.txt'), path: 'full/x.txt', checksum: null, status: 'downloaded' }], files_errors: [] };
  await resume.append(0, journaled);
  await resume.endRun();
  await (await save('cancel')).requestCancel();
  await save('target', { target: 'gone' });
  await save('revoked', { owner: 'c_revoked' });
  await save('loop', { resumes: 3 });
  await mkdir(path.join(jobsDir, 'j_incomplete'));
  await writeFile(path.join(jobsDir, 'j_incomplete', 'inputs.jsonl'), '{}\n');
  // Killed between saving a job's final state and removing its inputs: it is finished, inputs go now.
  const half = await save('half');
  const summary = { items: 0, invalid: 0, files: { downloaded: 0, uptodate: 0, cached: 0, failed: 0 }, bytes: 0, seconds: 0, cancelled: true };
  await half.finish({ state: 'cancelled', summary, counts: { files: 0, finished: 0, failed: 0, bytes: 0, items: 0 }, finishedAt: Date.now() });
  await writeFile(path.join(jobsDir, 'j_half', 'inputs.jsonl'), items.map((i) => JSON.stringify(i)).join('\n'));

  const d = await startTestDaemon(t, { home });
  const client = await GleanerClient.connect({ url: d.url, token });
  const events: JobEvent[] = [];
  for await (const event of (await client.follow('j_resume')).events) events.push(event);
  const results = events.filter((e) => e.type === 'job.item');
  assert.deepEqual(results.map((r) => [r.seq, r.index]), [[0, 0], [1, 1]]);
  assert.deepEqual(results[0]!.item, journaled);
  assert.equal(origin.hits('/a.txt'), 0, 'the journaled item did not run again');
  assert.equal(origin.hits('/b.txt'), 1);
  const done = events.at(-1)!;
  assert.ok(done.type === 'job.done' && done.state === 'done' && done.summary.items === 2 && done.summary.files.downloaded === 2, JSON.stringify(done));
  const admin = await GleanerClient.connect({ url: d.url, token: d.adminToken });
  const info = async (id: string) => (await admin.get(id)).info;
  assert.deepEqual({ state: (await info('j_cancel')).state }, { state: 'cancelled' });
  assert.deepEqual([(await info('j_target')).state, (await info('j_target')).error?.code], ['failed', 'ERR_JOB_UNKNOWN_TARGET']);
  assert.equal((await info('j_revoked')).state, 'cancelled');
  assert.deepEqual([(await info('j_loop')).state, (await info('j_loop')).error?.code], ['failed', 'ERR_JOB_INTERNAL']);
  await assert.rejects(admin.get('j_incomplete'), { code: 'ERR_JOB_NOT_FOUND' });
  assert.equal((await info('j_half')).state, 'cancelled');
  assert.deepEqual(await readdir(path.join(jobsDir, 'j_half')), ['job.json'], 'the inputs are gone');
  assert.deepEqual((await readdir(jobsDir)).sort(), ['j_cancel', 'j_half', 'j_loop', 'j_resume', 'j_revoked', 'j_target']);
  assert.equal(origin.totalHits(), 1, 'only the one unjournaled item of the one resumable job ran');

  // A data folder the daemon cannot write to: the job is refused with a code, the daemon carries on.
  await rm(jobsDir, { recursive: true });
  await writeFile(jobsDir, 'not a folder');
  await assert.rejects(client.submit(items), { code: 'ERR_JOB_JOURNAL' });
  await rm(jobsDir);
  assert.equal((await (await client.submit(items)).done).state, 'done');
  await admin.close();
  await client.close();
});
