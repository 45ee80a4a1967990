// `npm run bench`: Gleaner's Images and Files pipelines against Scrapy's and against plain parallel
// downloads (curl, aria2c), on a generated corpus served from this machine. A benchmark, not a test:
// it prints figures and PASS/MISS per target from the issue, and exits non-zero only when a run itself
// failed (crashed, timed out, or stored the wrong files), never for a missed target.
//
//   npm run bench                        the full corpus (scale 1: ~1,000 images, 2,020 files, ~1.2 GB)
//   BENCH_SCALE=0.1 npm run bench        a tenth of the counts, for a quick look
//   npm run bench -- --only gleaner,curl only the runs whose id contains one of these words
//   BENCH_REPEAT=3 npm run bench         each run three times; the median (by wall time) is reported
//   npm run bench -- --profile           CPU-profile the Gleaner runs and print where the time went
//   npm run bench -- --only soak         only the daemon's load and soak runs (load-soak.ts)
//
// The corpus is generated once per version and scale under .bench/corpus/ (gitignored).
import { createReadStream } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { execFileSync } from 'node:child_process';
import { CACHE_ROOT, CONCURRENCY, PER_HOST, REPO_ROOT, THUMBS, parseScale } from './config.js';
import { summariseProfile } from './profile.js';
import { describeCorpus, ensureCorpus, type Manifest } from './corpus.js';
import { startCorpusServer, type CorpusServer } from './corpus-server.js';
import { measure, measurementMethod } from './measure.js';
import { formatTable, formatTargets, type RunResult } from './report.js';
import { allRuns, scrapyUnavailable, type RunSpec } from './runs.js';
import { runLoadSoak } from './load-soak.js';
import { busyProcesses, loadAverage, machineBusySeconds, processCpuSeconds, toolVersion } from './sysinfo.js';

const RUN_TIMEOUT_SECONDS = 1800;

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  if (at >= 0) return argv[at + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** Reads the whole corpus once, so the first run does not pay for cold disk reads the others skip. */
async function warmPageCache(dir: string, m: Manifest): Promise<void> {
  const sink = (): Writable => new Writable({ write: (_chunk, _enc, done) => done() });
  for (const f of [...m.images, ...m.files]) await pipeline(createReadStream(path.join(dir, f.path)), sink());
}

async function runOnce(spec: RunSpec, manifest: Manifest, server: CorpusServer, profile: boolean): Promise<RunResult> {
  const work = await mkdtemp(path.join(os.tmpdir(), `gleaner-bench-${spec.id}-`));
  const store = path.join(work, 'store');
  await mkdir(store);
  const profileDir = path.join(CACHE_ROOT, 'profiles', spec.id);
  const profiling = profile && spec.tool === 'gleaner';
  if (profiling) await mkdir(profileDir, { recursive: true });
  const nodeFlags = profiling ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const ctx = { manifest, base: server.base, work, store, nodeFlags };
  try {
    const command = spec.prepare(ctx);
    const stdoutFile = path.join(work, 'stdout.log');
    const stderrFile = path.join(work, 'stderr.log');
    const busyBefore = machineBusySeconds();
    const serverBefore = processCpuSeconds(server.pid);
    const measurement = await measure(command, {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdoutFile,
      stderrFile,
      resultFile: path.join(work, 'rusage.json'),
      timeoutSeconds: RUN_TIMEOUT_SECONDS,
    });
    const busyAfter = machineBusySeconds();
    const serverAfter = processCpuSeconds(server.pid);
    const serverCpuSeconds = serverBefore !== null && serverAfter !== null ? serverAfter - serverBefore : null;
    const otherCpuSeconds =
      busyBefore !== null && busyAfter !== null && measurement.cpuSeconds !== null
        ? Math.max(0, busyAfter - busyBefore - measurement.cpuSeconds - (serverCpuSeconds ?? 0))
        : null;
    const result: RunResult = { spec, measurement, otherCpuSeconds, serverCpuSeconds };
    if (measurement.timedOut) result.failure = `timed out after ${RUN_TIMEOUT_SECONDS} s`;
    else if (measurement.exitCode !== 0) result.failure = `exit code ${measurement.exitCode}`;
    try {
      result.verdict = spec.verify(ctx, stdoutFile);
    } catch (error) {
      result.verdict = { ok: false, stored: 0, expected: 0, detail: `cannot check the output: ${(error as Error).message}` };
    }
    if (!result.failure && !result.verdict.ok) result.failure = `wrong output: ${result.verdict.detail}`;
    if (result.failure) {
      const stderr = (await readFile(stderrFile, 'utf8').catch(() => '')).trim().split('\n').slice(-15).join('\n    ');
      log(`  ${spec.id} FAILED: ${result.failure}${result.verdict.ok || result.failure.startsWith('wrong') ? '' : ` (${result.verdict.detail})`}`);
      if (stderr) log(`    stderr (last lines):\n    ${stderr}`);
    } else {
      const x = measurement;
      log(
        `  ${spec.id}: ${x.wallSeconds.toFixed(2)} s wall, ${x.cpuSeconds?.toFixed(1) ?? '?'} s CPU, ` +
          `${x.peakRssMB?.toFixed(0) ?? '?'} MB peak RSS, ${otherCpuSeconds?.toFixed(1) ?? '?'} s other CPU, ` +
          `server ${serverCpuSeconds?.toFixed(1) ?? '?'} s CPU`,
      );
    }
    if (!result.failure) {
      // Warnings a tool printed on a good run (Gleaner's last line is its summary): worth seeing, since
      // they can explain a figure (retries, size warnings) or point at a problem.
      const lines = (await readFile(stderrFile, 'utf8').catch(() => '')).split('\n').filter((l) => l.trim() && !l.startsWith('gleaner: '));
      const distinct = [...new Set(lines.map((l) => l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /, '').slice(0, 160)))];
      if (distinct.length > 0) log(`    stderr (${lines.length} lines), first distinct: ${distinct.slice(0, 3).join(' | ')}`);
    }
    if (profiling) log(summariseProfile(profileDir));
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
    // Flush what is left of this run's writes now, so its write-back is not timed as part of the next run.
    try {
      execFileSync('sync');
    } catch {
      // No sync(1): the next run may share the disk with this one's write-back.
    }
  }
}

/** The median run by wall time among the completed ones (or the first failure when none completed). */
function median(results: RunResult[]): RunResult {
  const ok = results.filter((r) => !r.failure).sort((a, b) => a.measurement!.wallSeconds - b.measurement!.wallSeconds);
  return ok[Math.floor((ok.length - 1) / 2)] ?? results[0]!;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const scale = parseScale(argv, process.env);
  const repeat = Math.max(1, Number(option(argv, 'repeat') ?? process.env.BENCH_REPEAT ?? 1) | 0);
  const only = (option(argv, 'only') ?? process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const profile = argv.includes('--profile') || process.env.BENCH_PROFILE === '1';
  const specs = allRuns().filter((s) => only.length === 0 || only.some((word) => s.id.includes(word)));

  log(`Gleaner benchmark — scale ${scale}${scale === 1 ? ' (full corpus)' : ' (reduced corpus: figures are not comparable with scale 1)'}, ${repeat} round(s)`);
  if (profile) log(`profiling the Gleaner runs (--cpu-prof into .bench/profiles/): their figures include the profiler's cost`);
  const { dir, manifest } = await ensureCorpus(scale, log);
  log(`corpus: ${describeCorpus(manifest)}`);
  log(
    `machine: ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadAverage()}; ` +
      `node ${process.version}; measured with ${measurementMethod()}`,
  );
  const scrapy = scrapyUnavailable();
  log(`scrapy: ${scrapy ? `comparison skipped: ${scrapy}` : toolVersion('/usr/bin/python3', ['-c', 'import scrapy, PIL; print("Scrapy", scrapy.__version__, "+ Pillow", PIL.__version__)'])}`);
  log(`curl: ${toolVersion('/usr/bin/curl', ['--version']) ?? 'not installed (floor skipped)'}`);
  log(`aria2c: ${toolVersion('/usr/bin/aria2c', ['--version']) ?? 'not installed (skipped)'}`);
  log(`limits: ${CONCURRENCY} requests at once, ${PER_HOST} per host (curl and aria2c: ${CONCURRENCY} at once); thumbs ${JSON.stringify(THUMBS)}`);

  await warmPageCache(dir, manifest);
  const server = await startCorpusServer(dir);
  log(`corpus server: ${server.base} (pid ${server.pid}, a separate process, not counted)`);
  const busyBefore = await busyProcesses(2000, [server.pid]);

  const rounds = new Map<string, RunResult[]>();
  try {
    for (let round = 1; round <= repeat; round++) {
      if (repeat > 1) log(`round ${round}/${repeat}`);
      for (const spec of specs) {
        const reason = spec.unavailable();
        const result = reason ? { spec, skipped: reason } : await runOnce(spec, manifest, server, profile);
        if (reason && round === 1) log(`  ${spec.id}: skipped (${reason})`);
        rounds.set(spec.id, [...(rounds.get(spec.id) ?? []), result]);
      }
    }
  } finally {
    await server.stop();
  }
  const busyAfter = await busyProcesses(2000);

  const results = specs.map((s) => median(rounds.get(s.id)!));
  log('');
  log(`Results (scale ${scale}; MB = 10^6 bytes; rates are corpus size / wall time, start-up included;`);
  log(`"other CPU s" = CPU the rest of the machine used during the run, excluding the tool and the corpus server)`);
  log(formatTable(results, manifest));
  log('');
  log('Targets (from the issue; a MISS does not fail the bench):');
  log(formatTargets(results, manifest));
  log('');
  log(`Other work on the machine just before the runs (2 s sample; processes above 5% of a core):\n  ${busyBefore.join('\n  ')}`);
  log(`Other work on the machine just after the runs:\n  ${busyAfter.join('\n  ')}`);
  log(`load average at the end: ${loadAverage()}`);

  // The daemon's load and soak runs (issue: one 20,000-file job, 20 clients, resume after kill -9).
  let soakFailure: string | undefined;
  if (only.length === 0 || only.includes('soak')) {
    log('');
    log('Daemon load and soak (gleaner serve as a child process; RSS read from /proc):');
    process.env.GLEANER_SOAK_SCALE ??= String(scale);
    const soak = await runLoadSoak({ log });
    if (!soak.resume.everyItemOnce) soakFailure = `resume lost or repeated results${soak.resume.failure ? `: ${soak.resume.failure}` : ''}`;
  }

  const failed = [...rounds.values()].flat().filter((r) => r.failure);
  if (failed.length > 0 || soakFailure) {
    const runs = failed.map((r) => `${r.spec.id} (${r.failure})`);
    log(`\n${failed.length + (soakFailure ? 1 : 0)} run(s) failed: ${[...runs, ...(soakFailure ? [`soak (${soakFailure})`] : [])].join('; ')}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
});
