// `gleaner serve` as a real child process (through tsx, from the sources) on 127.0.0.1 and port 0, for
// tests and benchmarks that must kill it the hard way (SIGKILL) or measure its memory. Resolves once
// the banner shows the address.
import { spawn, type ChildProcess } from 'node:child_process';
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

/** `cli` may name another checkout's companion/cli.ts, to compare two versions (benchmarks). */
export async function startServeProcess(home: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, cli = path.join(REPO_ROOT, 'companion/cli.ts')): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cli, 'serve', '--home', home, '--port', '0', '--no-pair-code', ...args],
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
