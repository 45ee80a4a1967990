// `gleaner run --job-dir`: kill -9 mid-run, run the same command again, and it finishes the rest
// without repeating finished work.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, jsonLines, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/job.js';
import { startOriginServer } from '../../helpers/origin-server.js';

test('an interrupted run resumes from its job dir without downloading finished files again', async (t) => {
  let slow = true;
  const server = await startOriginServer();
  t.after(() => server.close());
  for (let i = 0; i < 10; i++) {
    server.route(`/f${i}.txt`, (_req, res) => {
      if (i >= 5 && slow) setTimeout(() => res.end(`file ${i}`), 60_000).unref();
      else res.end(`file ${i}`);
    });
  }
  const dir = await tempDir(t);
  const store = path.join(dir, 'store');
  const jobDir = path.join(dir, 'job');
  const input = Array.from({ length: 10 }, (_, i) => JSON.stringify({ n: i, file_urls: [server.at(`/f${i}.txt`)] })).join('\n');
  const args = ['--import', 'tsx', 'companion/cli.ts', 'run', '-', '--files-store', store, '--job-dir', jobDir];

  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let firstOut = '';
  const fiveDone = new Promise<void>((resolve) => {
    child.stdout.on('data', (d) => {
      firstOut += d;
      if (firstOut.split('\n').filter(Boolean).length >= 5) resolve();
    });
  });
  child.stdin.end(input);
  await fiveDone;
  await new Promise((r) => setTimeout(r, 1200)); // let the journal's once-a-second sync pass
  child.kill('SIGKILL');
  await new Promise((r) => child.on('close', r));
  assert.deepEqual(jsonLines(firstOut).map((o) => o.n), [0, 1, 2, 3, 4]);

  slow = false;
  const second = await runCli(args.slice(3), { input });
  assert.equal(second.code, 0, second.stderr);
  const outputs = jsonLines(second.stdout);
  assert.deepEqual(outputs.map((o) => o.n), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(outputs.every((o) => (o.files as unknown[]).length === 1));
  assert.match(second.stderr, /resumed: 5 items were already done/);
  for (let i = 0; i < 5; i++) assert.equal(server.hits(`/f${i}.txt`), 1, `f${i} was not fetched again`);
  assert.match(second.stderr, /files: 5 downloaded/);

  const changed = await runCli(args.slice(3), { input: input.replace('"n":2', '"n":22') });
  assert.equal(changed.code, 1);
  assert.match(changed.stderr, /ERR_JOB_DIR_MISMATCH/);
});
