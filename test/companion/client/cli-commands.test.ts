// The commands as a user runs them: `gleaner serve` as a child process on port 0 with a temporary home,
// then `gleaner pair`, `token`, `clients`, `clients revoke` and `submit` against it. `gleaner submit`
// must print exactly what `gleaner run` prints for the same input.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { GleanerClient } from '../../../companion/client/gleaner-client.js';
import { REPO_ROOT, jsonLines, runCli } from '../../helpers/cli.js';
import { tempHome } from '../../helpers/companion-daemon.js';
import { startOriginServer } from '../../helpers/origin-server.js';

interface Served {
  child: ChildProcess;
  port: number;
  banner: string;
  stderr(): string;
  exited: Promise<number | null>;
}

async function serve(t: { after(fn: () => Promise<void>): void }, home: string, args: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'companion/cli.ts'), 'serve', '--home', home, '--port', '0', '--log-level', 'info', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, GLEANER_HOME: '', GLEANER_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const banner = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (stdout.includes('Stop with Ctrl+C')) resolve(stdout);
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  const port = Number(/ws:\/\/127\.0\.0\.1:(\d+)/.exec(banner)![1]);
  return { child, port, banner, stderr: () => stderr, exited };
}

test('serve, pair, token, clients, revoke and submit from the command line', async (t) => {
  const home = await tempHome(t);
  const origin = await startOriginServer({ '/a.txt': { body: 'alpha' }, '/b.txt': { body: 'beta' }, '/gone': { status: 404 } });
  t.after(() => origin.close());
  const daemon = await serve(t, home);
  assert.match(daemon.banner, /listening on ws:\/\/127\.0\.0\.1:\d+/);
  assert.match(daemon.banner, /default \(default\): files → .*data\/store\/files, images → .*data\/store\/images/);
  const bannerCode = /enter ([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(daemon.banner)![1]!;
  const flags = ['--home', home, '--port', String(daemon.port)];

  // The banner's code pairs a client.
  const paired = await GleanerClient.connect({ url: `ws://127.0.0.1:${daemon.port}`, code: bannerCode, clientName: 'Chromium extension', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' });
  assert.ok(paired.token);
  await paired.close();

  // gleaner pair asks the daemon for another code.
  const pair = await runCli(['pair', ...flags, '--json']);
  assert.equal(pair.code, 0, pair.stderr);
  const { code } = JSON.parse(pair.stdout) as { code: string };
  const second = await GleanerClient.connect({ url: `ws://127.0.0.1:${daemon.port}`, code });
  await second.close();

  // gleaner token issues a script token, printed alone on stdout.
  const tokenRun = await runCli(['token', '--home', home, '--name', 'nightly']);
  assert.equal(tokenRun.code, 0, tokenRun.stderr);
  const token = tokenRun.stdout.trim();
  assert.match(token, /^glt_[A-Za-z0-9_-]{43}$/);

  const listed = jsonLines((await runCli(['clients', '--home', home, '--json'])).stdout);
  assert.deepEqual(listed.map((c) => c.kind).sort(), ['admin', 'paired', 'paired', 'script']);
  assert.ok(listed.every((c) => !('tokenHash' in c)));
  const nightly = listed.find((c) => c.name === 'nightly')!;
  assert.equal((await runCli(['clients', '--home', home])).stdout.split('\n').filter(Boolean).length, 4);

  // gleaner submit prints what gleaner run prints, line for line.
  const items = [
    JSON.stringify({ id: 1, file_urls: [origin.at('/a.txt'), origin.at('/gone')] }),
    'not json',
    '',
    JSON.stringify([1, 2]),
    JSON.stringify({ id: 2, file_urls: [origin.at('/b.txt')] }),
  ].join('\n');
  const itemsFile = path.join(home, 'items.jsonl');
  await writeFile(itemsFile, `${items}\n`);
  const submitted = await runCli(['submit', itemsFile, ...flags, '--no-images'], { env: { GLEANER_TOKEN: token } });
  const ran = await runCli(['run', itemsFile, '--files-store', path.join(home, 'run-store')]);
  assert.equal(submitted.code, 2, submitted.stderr);
  assert.equal(ran.code, 2, ran.stderr);
  assert.deepEqual(jsonLines(submitted.stdout), jsonLines(ran.stdout));
  assert.equal(jsonLines(submitted.stdout).length, 4);
  // Same summary line, apart from the time taken.
  const summary = (stderr: string): string => stderr.trim().split('\n').at(-1)!.replace(/in [\d.]+ s/, 'in _ s');
  assert.equal(summary(submitted.stderr), summary(ran.stderr));
  assert.match(summary(submitted.stderr), /^gleaner: 2 items, 2 invalid lines; files: 2 downloaded, 0 uptodate, 0 cached, 1 failed/);

  // Standard input works too, with the admin token from the home folder.
  const fromStdin = await runCli(['submit', '-', ...flags, '--target', 'default'], { input: `${JSON.stringify({ file_urls: [origin.at('/a.txt')] })}\n` });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.equal((jsonLines(fromStdin.stdout)[0]!.files as Array<{ status: string }>)[0]!.status, 'uptodate');

  // Unknown target: a coded error and exit 1.
  const unknown = await runCli(['submit', itemsFile, ...flags, '--target', 'nope']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /ERR_JOB_UNKNOWN_TARGET/);

  // Revoked: the token stops working.
  const revoke = await runCli(['clients', 'revoke', String(nightly.id), '--home', home]);
  assert.equal(revoke.code, 0, revoke.stderr);
  const refused = await runCli(['submit', itemsFile, ...flags], { env: { GLEANER_TOKEN: token } });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /ERR_AUTH_INVALID_TOKEN/);
  assert.ok(!daemon.stderr().includes(token), 'the token never reaches the logs');

  // SIGTERM: graceful stop, exit 0.
  daemon.child.kill('SIGTERM');
  assert.equal(await daemon.exited, 0);
  assert.match(daemon.stderr(), /Companion stopped/);
  const down = await runCli(['submit', itemsFile, ...flags]);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /ERR_PROTOCOL_CONNECTION/);
});

test('companion.json targets and --store are shown in the banner; a bad config stops serve with a code', async (t) => {
  const home = await tempHome(t);
  await runCli(['clients', '--home', home]);
  const config = path.join(home, 'config', 'companion.json');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(path.dirname(config), { recursive: true });
  await writeFile(config, JSON.stringify({ targets: { photos: { IMAGES_STORE: 'photos', description: 'My photos' } } }));
  const daemon = await serve(t, home, ['--store', path.join(home, 'elsewhere'), '--no-pair-code']);
  assert.match(daemon.banner, new RegExp(`photos: images → ${path.join(home, 'config', 'photos').replace(/[/\\]/g, '.')}  — My photos`));
  assert.match(daemon.banner, /default \(default\): files → .*elsewhere.files/);
  assert.doesNotMatch(daemon.banner, /enter [0-9A-Z]{4}-/);
  daemon.child.kill('SIGINT');
  assert.equal(await daemon.exited, 0);

  await writeFile(config, JSON.stringify({ targets: { bad: { FILES_STORE: '/tmp/x', path: '/etc' } } }));
  const refused = await runCli(['serve', '--home', home, '--port', '0']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /ERR_CONFIG_INVALID/);
  await writeFile(config, '{not json');
  assert.match((await runCli(['serve', '--home', home, '--port', '0'])).stderr, /ERR_CONFIG_FILE/);
});
