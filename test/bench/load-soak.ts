// Load and soak benchmark of the companion daemon (a benchmark, not a timed test): the real
// `gleaner serve` as a child process against a local origin child process, measured from outside —
// memory from /proc/<pid>/status (VmRSS now, VmHWM peak), throughput from the client's clock.
//   1. one 20,000-file job (small files): files/s, RSS at start, middle and end;
//   2. 20 clients at once, each submitting a series of small jobs: files/s, and RSS against the number
//      of jobs finished (it must not grow with it);
//   3. resume: kill -9 the daemon mid-job, start it again on the same home, let the job finish, and
//      count files fetched twice against the files in flight at the kill (beyond those: zero).
// `npm run bench` calls runLoadSoak(); alone: `node --import tsx test/bench/load-soak.ts`.
// GLEANER_SOAK_SCALE=0.1 shrinks every count for a quick run; GLEANER_SOAK_CLI=/other/checkout/companion/cli.ts
// measures another version of the daemon.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GleanerClient, type JobHandle } from '../../companion/client/gleaner-client.js';
import { gleanerDirs } from '../../companion/config/home.js';
import { ensureConfigDir } from '../../companion/daemon/paths.js';
import { scanJournal } from '../../companion/jobs/item-journal.js';
import { ClientRegistry } from '../../companion/server/auth/client-registry.js';
import type { JobDoneMessage } from '../../shared/protocol/server-messages.js';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process.js';
import { MemorySampler, readMemory, slope, startLoadOrigin, type LoadOrigin } from './soak-tools.js';

export interface LoadSoakOptions {
  /** Files in the one big job (20,000). */
  files?: number;
  /** Concurrent clients (20), each submitting `jobsPerClient` jobs of `itemsPerJob` one-file items. */
  clients?: number;
  jobsPerClient?: number;
  itemsPerJob?: number;
  /** Files in the job killed mid-way for the resume check. */
  resumeFiles?: number;
  /** Another checkout's companion/cli.ts to measure instead of this one. */
  cli?: string;
  log?: (line: string) => void;
}

interface Rss {
  start: number;
  middle: number;
  end: number;
  peak: number;
}

export interface LoadSoakResult {
  bigJob: { files: number; seconds: number; filesPerSecond: number; rssMiB: Rss };
  clients: { clients: number; jobs: number; files: number; seconds: number; filesPerSecond: number; rssMiB: Rss; rssByJobs: Array<{ jobs: number; rssMiB: number }>; mibPer100Jobs: number; quarterMeansMiB: { second: number; last: number }; grows: boolean };
  resume: { files: number; reportedBeforeKill: number; journaledAtKill: number; inFlightAtKill: number; fetchedAgain: number; beyondInFlight: number; everyItemOnce: boolean; failure?: string };
}

const SERVE_ARGS = ['-s', 'CONCURRENT_REQUESTS=16', '-s', 'CONCURRENT_REQUESTS_PER_DOMAIN=16', '--log-level', 'warn'];
const FILES_ONLY = { options: { pipelines: { images: false } } };

function scaled(value: number | undefined, full: number, scale: number): number {
  return value ?? Math.max(1, Math.round(full * scale));
}

/** Drains a job's events; calls `onItem` with the number of results so far. */
async function drain(job: JobHandle, onItem?: (count: number, index: number) => void): Promise<JobDoneMessage> {
  let count = 0;
  for await (const event of job.events) {
    if (event.type === 'job.item') onItem?.(++count, event.index);
    if (event.type === 'job.done') return event;
  }
  throw new Error('The job ended without job.done');
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export async function runLoadSoak(options: LoadSoakOptions = {}): Promise<LoadSoakResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const scale = Number(process.env.GLEANER_SOAK_SCALE ?? 1) || 1;
  const files = scaled(options.files, 20_000, scale);
  const clientCount = scaled(options.clients, 20, Math.min(1, scale * 2));
  const jobsPerClient = scaled(options.jobsPerClient, 25, scale);
  const itemsPerJob = options.itemsPerJob ?? 20;
  const resumeFiles = scaled(options.resumeFiles, 5000, scale);
  const cli = options.cli ?? process.env.GLEANER_SOAK_CLI;

  const home = await mkdtemp(path.join(os.tmpdir(), 'gleaner-soak-'));
  const origin = await startLoadOrigin();
  let daemon: ServeProcess | undefined;
  try {
    const dirs = gleanerDirs(home);
    await ensureConfigDir(dirs);
    const registry = new ClientRegistry(dirs);
    const tokens: string[] = [];
    for (let i = 0; i <= clientCount + 1; i++) tokens.push((await registry.issue(`soak ${i}`, 'script')).token);
    // Every daemon started is stopped at the end, the one started by the resume check too.
    const start = async (): Promise<ServeProcess> => (daemon = await startServeProcess(home, SERVE_ARGS, {}, cli));
    daemon = await start();
    log(`Load and soak: daemon pid ${daemon.pid}${cli ? ` (${cli})` : ''}, ${os.availableParallelism()} CPUs, scale ${scale}`);

    // 1. One big job.
    const sampler = new MemorySampler(daemon.pid);
    const big = await GleanerClient.connect({ url: daemon.url, token: tokens[0]! });
    const bigRss = { start: sampler.sample().rssMiB, middle: NaN };
    let started = performance.now();
    const bigJob = await big.submit(Array.from({ length: files }, (_, i) => ({ i, file_urls: [`${origin.base}/big/${i}.bin`] })), { ...FILES_ONLY, label: 'soak: big job' });
    const bigDone = await drain(bigJob, (count) => {
      if (count === Math.ceil(files / 2)) bigRss.middle = sampler.sample().rssMiB;
    });
    const bigSeconds = (performance.now() - started) / 1000;
    const bigEnd = sampler.sample();
    if (bigDone.summary.files.downloaded !== files) throw new Error(`The big job downloaded ${bigDone.summary.files.downloaded} of ${files} files`);
    await big.close();
    const bigJobResult = { files, seconds: bigSeconds, filesPerSecond: files / bigSeconds, rssMiB: { ...bigRss, end: bigEnd.rssMiB, peak: bigEnd.peakMiB } };

    // 2. Many clients, many small jobs.
    const clients = await Promise.all(tokens.slice(1, clientCount + 1).map((token) => GleanerClient.connect({ url: daemon!.url, token })));
    const totalJobs = clientCount * jobsPerClient;
    const every = Math.max(1, Math.floor(totalJobs / 20));
    const rssByJobs: Array<{ jobs: number; rssMiB: number }> = [{ jobs: 0, rssMiB: sampler.sample().rssMiB }];
    const clientsRssStart = rssByJobs[0]!.rssMiB;
    let finishedJobs = 0;
    started = performance.now();
    await Promise.all(
      clients.map(async (client, c) => {
        for (let j = 0; j < jobsPerClient; j++) {
          const items = Array.from({ length: itemsPerJob }, (_, i) => ({ c, j, i, file_urls: [`${origin.base}/small/${c}/${j}/${i}.bin`] }));
          const done = await drain(await client.submit(items, { ...FILES_ONLY, label: `soak: client ${c} job ${j}` }));
          if (done.state !== 'done' || done.summary.files.downloaded !== itemsPerJob) throw new Error(`Client ${c} job ${j}: ${JSON.stringify(done.summary)}`);
          if (++finishedJobs % every === 0) rssByJobs.push({ jobs: finishedJobs, rssMiB: readMemory(daemon!.pid).rssMiB });
        }
      }),
    );
    const clientsSeconds = (performance.now() - started) / 1000;
    const clientsEnd = sampler.sample();
    await Promise.all(clients.map((client) => client.close()));
    // Growth: RSS saw-tooths with garbage collection, so compare averages — the last quarter of the
    // run against the second (once the registry holds its full keepFinishedJobs and the heap is warm) —
    // and give the least-squares slope over the second half for the trend.
    const mean = (from: number, to: number): number => {
      const points = rssByJobs.filter((p) => p.jobs > totalJobs * from && p.jobs <= totalJobs * to);
      return points.reduce((a, p) => a + p.rssMiB, 0) / points.length;
    };
    const secondQuarter = mean(0.25, 0.5);
    const lastQuarter = mean(0.75, 1);
    const mibPer100Jobs = slope(rssByJobs.filter((p) => p.jobs >= totalJobs / 2).map((p) => ({ x: p.jobs, y: p.rssMiB }))) * 100;
    const middle = rssByJobs.find((p) => p.jobs >= totalJobs / 2)?.rssMiB ?? NaN;
    const clientsResult = {
      clients: clientCount,
      jobs: totalJobs,
      files: totalJobs * itemsPerJob,
      seconds: clientsSeconds,
      filesPerSecond: (totalJobs * itemsPerJob) / clientsSeconds,
      rssMiB: { start: clientsRssStart, middle, end: clientsEnd.rssMiB, peak: clientsEnd.peakMiB },
      rssByJobs,
      mibPer100Jobs,
      quarterMeansMiB: { second: secondQuarter, last: lastQuarter },
      grows: lastQuarter > secondQuarter * 1.1,
    };
    sampler.stop();

    // 3. Resume after kill -9.
    const resume = await resumeCheck(home, daemon, start, origin, tokens[clientCount + 1]!, resumeFiles);
    const result: LoadSoakResult = { bigJob: bigJobResult, clients: clientsResult, resume };
    report(result, log);
    return result;
  } finally {
    await daemon?.stop();
    await origin.stop();
    await rm(home, { recursive: true, force: true });
  }
}

async function resumeCheck(home: string, first: ServeProcess, start: () => Promise<ServeProcess>, origin: LoadOrigin, token: string, files: number): Promise<LoadSoakResult['resume']> {
  await origin.reset();
  const client = await GleanerClient.connect({ url: first.url, token });
  const job = await client.submit(Array.from({ length: files }, (_, i) => ({ i, file_urls: [`${origin.base}/resume/${i}.bin`] })), { ...FILES_ONLY, label: 'soak: resume' });
  let killed: Promise<void> | undefined;
  let reportedBeforeKill = 0;
  await drain(job, (count) => {
    if (!killed && count >= files * 0.4) {
      reportedBeforeKill = count;
      killed = first.crash();
    }
  }).catch(() => undefined);
  await killed;
  // In flight at the kill: files the origin was asked for whose item the journal did not hold yet (the
  // client's own count lags behind: results were still in the socket).
  const atKill = await origin.stats();
  const journaled = (await scanJournal(path.join(home, 'data', 'jobs', job.id, 'items.jsonl'))).indexes.length;
  const inFlightAtKill = atKill.unique - journaled;
  const daemon = await start();
  const again = await GleanerClient.connect({ url: daemon.url, token });
  const seen = new Map<number, number>();
  let failure: string | undefined;
  const count = (_count: number, index: number): void => void seen.set(index, (seen.get(index) ?? 0) + 1);
  const done = await again.follow(job.id).then((handle) => drain(handle, count)).catch((error: { code?: string }) => {
    // A daemon without durable jobs (GLEANER_SOAK_CLI pointing at an older version) forgets the job.
    failure = error.code ?? String(error);
    return undefined;
  });
  await again.close();
  const after = await origin.stats();
  return {
    files,
    reportedBeforeKill,
    journaledAtKill: journaled,
    inFlightAtKill,
    fetchedAgain: after.repeated,
    beyondInFlight: Math.max(0, after.repeated - inFlightAtKill),
    everyItemOnce: seen.size === files && [...seen.values()].every((n) => n === 1) && done?.state === 'done',
    ...(failure ? { failure } : {}),
  };
}

function report(r: LoadSoakResult, log: (line: string) => void): void {
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  log('');
  log(row(['phase', 'files', 'seconds', 'files/s', 'RSS start MiB', 'RSS middle MiB', 'RSS end MiB', 'peak (VmHWM) MiB']));
  log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  const { bigJob: b, clients: c } = r;
  log(row([`one ${b.files}-file job`, String(b.files), fmt(b.seconds, 1), fmt(b.filesPerSecond), fmt(b.rssMiB.start), fmt(b.rssMiB.middle), fmt(b.rssMiB.end), fmt(b.rssMiB.peak)]));
  log(row([`${c.clients} clients, ${c.jobs} jobs`, String(c.files), fmt(c.seconds, 1), fmt(c.filesPerSecond), fmt(c.rssMiB.start), fmt(c.rssMiB.middle), fmt(c.rssMiB.end), fmt(c.rssMiB.peak)]));
  log('');
  log(`RSS by finished jobs: ${c.rssByJobs.map((p) => `${p.jobs}: ${fmt(p.rssMiB)}`).join(', ')} MiB`);
  log(`Mean RSS, second quarter of the jobs: ${fmt(c.quarterMeansMiB.second)} MiB, last quarter: ${fmt(c.quarterMeansMiB.last)} MiB; ` +
    `second-half slope ${fmt(c.mibPer100Jobs, 1)} MiB per 100 jobs — ${c.grows ? 'GROWS with the number of jobs finished' : 'does not grow with the number of jobs finished'}`);
  const s = r.resume;
  log(`Resume: ${s.files}-file job killed (SIGKILL) when the client had ${s.reportedBeforeKill} results (journaled: ${s.journaledAtKill}); in flight at the kill: ${s.inFlightAtKill}; ` +
    `fetched again after the restart: ${s.fetchedAgain} (beyond those in flight: ${s.beyondInFlight}); every item's result once: ${s.everyItemOnce ? 'yes' : `NO${s.failure ? ` (${s.failure})` : ''}`}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLoadSoak().then(
    (result) => {
      if (!result.resume.everyItemOnce || result.resume.beyondInFlight > 0) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
