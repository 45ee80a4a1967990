// `gleaner serve` as a real child process (through tsx, from the sources) on 127.0.0.1 and port 0, for
// tests and benchmarks that must kill it the hard way (SIGKILL) or measure its memory. Resolves once
// the banner shows the address.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  stderr(): string;
  exited: Promise<number | null>;
  /** SIGKILL, as a crash: no shutdown code runs. */
  crash(): Promise<void>;
  /** SIGTERM and wait (graceful shutdown). */
  stop(): Promise<number | null>;
}

export async function startServeProcess(home: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'companion/cli.ts'), 'serve', '--home', home, '--port', '0', '--no-pair-code', ...args],
    { cwd: REPO_ROOT, env: { ...process.env, GLEANER_HOME: '', GLEANER_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    // Keep the tail only: a long benchmark logs a lot.
    stderr = (stderr + d.toString()).slice(-200_000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /ws:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (match && stdout.includes('Stop with Ctrl+C')) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`gleaner serve exited early (${code}): ${stderr}`)));
  });
  return {
    child,
    pid: child.pid!,
    port,
    url: `ws://127.0.0.1:${port}`,
    stderr: () => stderr,
    exited,
    async crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Resident memory of a process from /proc (Linux): current (VmRSS) and peak (VmHWM), in MiB. */
export async function processMemory(pid: number): Promise<{ rssMiB: number; peakMiB: number } | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
