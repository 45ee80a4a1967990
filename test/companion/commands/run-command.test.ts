// `gleaner run` as a user runs it: JSON Lines in, one line out per input line in input order, a summary
// on stderr, exit codes 0 / 2 / 1, and the settings precedence.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { jsonLines, runCli } from '../../helpers/cli.js';
import { md5, sha1, tempDir } from '../../helpers/job.js';
import { startOriginServer } from '../../helpers/origin-server.js';

test('gleaner run prints one line per input line, in input order, even when items finish out of order', async (t) => {
  const server = await startOriginServer({
    '/slow.txt': (_req, res) => setTimeout(() => res.end('slow'), 400),
    '/fast.txt': { body: 'fast' },
  });
  t.after(() => server.close());
  const store = await tempDir(t);
  const input = [
    JSON.stringify({ n: 1, file_urls: [server.at('/slow.txt')] }),
    '{not json',
    '',
    JSON.stringify({ n: 2, file_urls: [server.at('/fast.txt')] }),
    '[1, 2]',
  ].join('\n');
  const result = await runCli(['run', '-', '--files-store', store], { input });
  assert.equal(result.code, 2, result.stderr);
  const lines = jsonLines(result.stdout);
  assert.equal(lines.length, 4, 'blank lines are not items; every other line gets an output line');
  assert.equal(lines[0]!.n, 1);
  const invalid = lines[1]!._error as { line: number; code: string; message: string };
  assert.deepEqual([invalid.line, invalid.code], [2, 'ERR_INPUT_JSON']);
  assert.match((lines[1]!._error as { message: string }).message, /^Line 2 is not valid JSON/);
  assert.equal(lines[2]!.n, 2);
  assert.equal((lines[3]!._error as { code: string; line: number }).code, 'ERR_INPUT_NOT_OBJECT');
  assert.equal((lines[3]!._error as { line: number }).line, 5);
  assert.equal((lines[0]!.files as Array<{ checksum: string }>)[0]!.checksum, md5('slow'));
  assert.match(result.stderr, /gleaner: 2 items, 2 invalid lines; files: 2 downloaded, 0 uptodate, 0 cached, 0 failed/);
});

test('gleaner run exits 0 on clean input and reads a file argument', async (t) => {
  const server = await startOriginServer({ '/a.txt': { body: 'a' } });
  t.after(() => server.close());
  const dir = await tempDir(t);
  const items = path.join(dir, 'items.jsonl');
  await writeFile(items, `${JSON.stringify({ file_urls: [server.at('/a.txt')] })}\n`);
  const result = await runCli(['run', items, '--files-store', path.join(dir, 'store')]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal((jsonLines(result.stdout)[0]!.files as Array<{ path: string }>)[0]!.path, `full/${sha1(server.at('/a.txt'))}.txt`);
});

test('a configuration error exits 1 and names the setting', async (t) => {
  const dir = await tempDir(t);
  const bad = await runCli(['run', '-', '--files-store', dir, '-s', 'IMAGES_MIN_WIDTH=wide'], { input: '{}' });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /ERR_CONFIG_INVALID: IMAGES_MIN_WIDTH must be an integer/);
  const scheme = await runCli(['run', '-', '--files-store', 'http://example.invalid/x'], { input: '{}' });
  assert.equal(scheme.code, 1);
  assert.match(scheme.stderr, /ERR_CONFIG_STORE_URI/);
  const config = path.join(dir, 'broken.json');
  await writeFile(config, '{"FILES_STORE": ');
  const unreadable = await runCli(['run', '-', '--config', config], { input: '{}' });
  assert.equal(unreadable.code, 1);
  assert.match(unreadable.stderr, /ERR_CONFIG_FILE/);
});

test('settings precedence: config file < environment < -s < friendly flags', async (t) => {
  const server = await startOriginServer({ '/a.txt': { body: 'a' } });
  t.after(() => server.close());
  const dir = await tempDir(t);
  const config = path.join(dir, 'gleaner.json');
  await writeFile(config, JSON.stringify({ FILES_STORE: path.join(dir, 'from-config'), FILES_RESULT_FIELD: 'from_config', FILES_URLS_FIELD: 'links' }));
  const item = `${JSON.stringify({ links: [server.at('/a.txt')] })}\n`;
  const env = { FILES_RESULT_FIELD: 'from_env', FILES_STORE: path.join(dir, 'from-env') };
  const viaEnv = jsonLines((await runCli(['run', '-', '-c', config], { input: item, env })).stdout)[0]!;
  assert.ok('from_env' in viaEnv, 'environment beats the config file');
  const viaSet = jsonLines((await runCli(['run', '-', '-c', config, '-s', 'FILES_RESULT_FIELD=from_s'], { input: item, env })).stdout)[0]!;
  assert.ok('from_s' in viaSet, '-s beats the environment');
  const flagStore = path.join(dir, 'from-flag');
  const viaFlag = await runCli(['run', '-', '-c', config, '-s', `FILES_STORE=${path.join(dir, 'from-s')}`, '--files-store', flagStore], { input: item, env });
  assert.equal(viaFlag.code, 0, viaFlag.stderr);
  const { readdir } = await import('node:fs/promises');
  assert.deepEqual((await readdir(flagStore)).filter((n) => n === 'full'), ['full'], 'the flag beats -s');
});

test('with no store named anywhere, gleaner run uses the embedded default store under GLEANER_HOME', async (t) => {
  const server = await startOriginServer({ '/a.txt': { body: 'a' } });
  t.after(() => server.close());
  const home = await tempDir(t);
  const result = await runCli(['run', '-'], { input: JSON.stringify({ file_urls: [server.at('/a.txt')] }), env: { GLEANER_HOME: home } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /no store given; storing under/);
  const stored = (jsonLines(result.stdout)[0]!.files as Array<{ path: string }>)[0]!.path;
  const { readFile } = await import('node:fs/promises');
  assert.equal(await readFile(path.join(home, 'data', 'store', 'files', stored), 'utf8'), 'a');
});
