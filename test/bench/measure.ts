// Runs one command as a child process and measures it: wall time, CPU seconds (user + system) and
// peak RSS. The numbers come from the kernel's rusage of the waited-for children (getrusage
// RUSAGE_CHILDREN in a tiny Python wrapper, or GNU time where there is no Python), which covers every
// process of the tree that was waited for, including all threads (sharp's libvips pool, Twisted's).
// Peak RSS there is the largest single process's peak; each tool measured here is one process (the
// wrappers exec nothing else), so that is the tool's peak.
//
// The wrapper's own start-up is outside the timed span; the tool's start-up (Node, Python imports) is
// inside, as a user would see it.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';

export interface Measurement {
  exitCode: number;
  /** Killed for running past the time limit. */
  timedOut: boolean;
  wallSeconds: number;
  /** null when neither Python nor GNU time is there to ask the kernel. */
  cpuSeconds: number | null;
  peakRssMB: number | null;
}

export interface MeasureOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  stdoutFile: string;
  stderrFile: string;
  resultFile: string;
  timeoutSeconds: number;
}

const PY_WRAPPER = `
import json, resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
code = subprocess.run(cmd).returncode
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as f:
    json.dump({"code": code, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss_kib": ru.ru_maxrss}, f)
`;

type Wrapper = 'python' | 'gnu-time' | 'none';

function findPython(): string | null {
  for (const candidate of ['/usr/bin/python3', '/usr/local/bin/python3']) if (existsSync(candidate)) return candidate;
  return null;
}

export function measurementMethod(): Wrapper {
  if (findPython()) return 'python';
  if (existsSync('/usr/bin/time')) return 'gnu-time';
  return 'none';
}

export async function measure(command: string[], options: MeasureOptions): Promise<Measurement> {
  const method = measurementMethod();
  let argv: string[];
  if (method === 'python') argv = [findPython()!, '-c', PY_WRAPPER, options.resultFile, ...command];
  else if (method === 'gnu-time') argv = ['/usr/bin/time', '-q', '-f', '%e %U %S %M %x', '-o', options.resultFile, ...command];
  else argv = command;

  const out = openSync(options.stdoutFile, 'w');
  const err = openSync(options.stderrFile, 'w');
  const started = performance.now();
  let timedOut = false;
  let exitCode: number;
  try {
    exitCode = await new Promise<number>((resolve, reject) => {
      // Its own process group, so a run past its time limit can be stopped with all its children.
      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', out, err],
        detached: true,
      });
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, options.timeoutSeconds * 1000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(code ?? (signal ? 128 : 1));
      });
    });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const wallOutside = (performance.now() - started) / 1000;

  if (!timedOut && method === 'python') {
    try {
      const r = JSON.parse(readFileSync(options.resultFile, 'utf8')) as { code: number; wall: number; cpu: number; maxrss_kib: number };
      return { exitCode: r.code < 0 ? 128 - r.code : r.code, timedOut, wallSeconds: r.wall, cpuSeconds: r.cpu, peakRssMB: (r.maxrss_kib * 1024) / 1e6 };
    } catch {
      // Fall through: the wrapper itself failed; report what the outside saw.
    }
  }
  if (!timedOut && method === 'gnu-time') {
    try {
      const lines = readFileSync(options.resultFile, 'utf8').trim().split('\n');
      const [wall, user, sys, rss, code] = lines[lines.length - 1]!.split(' ').map(Number) as [number, number, number, number, number];
      return { exitCode: code, timedOut, wallSeconds: wall, cpuSeconds: user + sys, peakRssMB: (rss * 1024) / 1e6 };
    } catch {
      // Fall through.
    }
  }
  return { exitCode: timedOut ? 124 : exitCode, timedOut, wallSeconds: wallOutside, cpuSeconds: null, peakRssMB: null };
}
