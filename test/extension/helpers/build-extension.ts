// Builds the extension the way `npm run build:extension` does, into a temporary folder of the test's
// own, so tests running in parallel never share (or clobber) dist/.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function buildExtension(browser: 'chrome' | 'firefox', t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), `gleaner-ext-${browser}-`));
  t.after(() => rm(outDir, { recursive: true, force: true }));
  await run(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--mode', browser, '--outDir', outDir, '--logLevel', 'warn'], REPO_ROOT);
  return outDir;
}

export function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}
