// Starts and stops server.ts as a child process (see there for why it is a separate process).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { BENCH_DIR, REPO_ROOT } from './config.js';

export interface CorpusServer {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startCorpusServer(root: string): Promise<CorpusServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, 'server.ts'), root], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error('The corpus server did not start within 30 s')), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`The corpus server exited early (code ${code})`)));
    child.once('error', reject);
  });
  return {
    base: `http://127.0.0.1:${port}/`,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end(); // the server exits when its stdin closes
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
