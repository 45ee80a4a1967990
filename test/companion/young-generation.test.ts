// The `gleaner` command keeps V8's young generation at its first size (young-generation.ts), also once
// a body writer thread has started (Node sets the process's V8 flags again when a worker starts).
// Measured in a child process, since V8 flags belong to the whole process, on the built code (`npm test`
// builds first): run from the sources, the writer thread registers tsx, which starts one more thread.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/job.js';

const run = promisify(execFile);

/** Starts a body writer thread, then makes many short-lived objects that partly survive; the young generation's size in MiB. */
async function youngGenerationMiB(dir: string, keepSmall: boolean): Promise<number> {
  const script = `
    import v8 from 'node:v8';
    import { keepYoungGenerationSmall } from ${JSON.stringify(path.join(REPO_ROOT, 'dist/companion/young-generation.js'))};
    import { BodyWriterPool } from ${JSON.stringify(path.join(REPO_ROOT, 'dist/companion/pipeline/download/body-writer.js'))};
    if (${keepSmall}) keepYoungGenerationSmall();
    const pool = new BodyWriterPool(1);
    const writer = pool.open(${JSON.stringify(path.join(dir, `body-${keepSmall}`))});
    writer.write(Buffer.alloc(1000, 1), 1000);
    await writer.finish();
    let kept = [];
    for (let i = 0; i < 2e6; i++) {
      kept.push({ i, list: [i] });
      if (kept.length > 200000) kept = [];
    }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    console.log(space.space_size / 1048576);
    await pool.close();
  `;
  const file = path.join(dir, `measure-${keepSmall}.mjs`);
  await writeFile(file, script);
  const { stdout } = await run(process.execPath, [file], { cwd: REPO_ROOT });
  return Number(stdout.trim());
}

test('the young generation stays at its first size, a writer thread started or not', async (t) => {
  const dir = await tempDir(t);
  const grown = await youngGenerationMiB(dir, false);
  const kept = await youngGenerationMiB(dir, true);
  // Without the setting the same allocations grow it (V8's maximum is 32 MiB on 64-bit), so the check can fail.
  assert.ok(grown >= 16, `left alone it grows: ${grown} MiB`);
  assert.ok(kept <= 4, `kept small: ${kept} MiB`);
});
