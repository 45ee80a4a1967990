// Pieces of the load/soak benchmark: the origin child process (load-origin.ts) and its hit counts, and
// the daemon's memory read from /proc while it runs.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface LoadOrigin {
  base: string;
  stats(): Promise<{ total: number; unique: number; repeated: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLoadOrigin(): Promise<LoadOrigin> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'load-origin.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`The load origin exited early (code ${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    stats: async () => (await (await fetch(`${base}/__stats`)).json()) as { total: number; unique: number; repeated: number },
    reset: async () => void (await fetch(`${base}/__reset`, { method: 'POST' })),
    async stop() {
      child.stdin!.end();
      await exited;
    },
  };
}

export interface MemorySample {
  /** Seconds since sampling started. */
  t: number;
  rssMiB: number;
  peakMiB: number;
}

/** Reads VmRSS / VmHWM of a process (Linux); NaN elsewhere. Synchronous, so a sample is taken exactly when asked. */
export function readMemory(pid: number): { rssMiB: number; peakMiB: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
    return { rssMiB: mib('VmRSS'), peakMiB: mib('VmHWM') };
  } catch {
    return { rssMiB: NaN, peakMiB: NaN };
  }
}

/** Samples a process's memory every `everyMs` so the peak between explicit readings is seen too. */
export class MemorySampler {
  readonly samples: MemorySample[] = [];
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number, everyMs = 200) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  sample(): MemorySample {
    const sample = { t: (performance.now() - this.started) / 1000, ...readMemory(this.pid) };
    this.samples.push(sample);
    return sample;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}
