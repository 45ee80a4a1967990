// `gleaner presets list | show | check`: what is installed, one preset's JSON, and contracts that catch
// a broken preset — on saved pages and on live pages of a local origin server.
import assert from 'node:assert/strict';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { BUILTIN_PRESETS } from '../../../shared/presets/index.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/job.js';
import { startOriginServer } from '../../helpers/origin-server.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/presets');

async function userDir(t: { after(fn: () => Promise<void>): void }): Promise<{ env: NodeJS.ProcessEnv; presets: string }> {
  const home = await tempDir(t);
  const presets = path.join(home, 'config/presets');
  await mkdir(presets, { recursive: true });
  return { env: { GLEANER_HOME: home }, presets };
}

test('list shows built-ins and user presets, and which user preset replaces a built-in', async (t) => {
  const { env, presets } = await userDir(t);
  const shopify = BUILTIN_PRESETS.find((p) => p.id === 'shopify-product')!;
  await writeFile(path.join(presets, 'shop.json'), JSON.stringify({ ...shopify, name: 'My shop', contracts: undefined }));
  await writeFile(path.join(presets, 'extra.json'), JSON.stringify({ id: 'extra', name: 'Extra', match: ['https://x.example/*'], fields: { file_urls: [{ selector: 'a' }] } }));
  const table = await runCli(['presets', 'list'], { env });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^shopify-product\s+user \(replaces built-in\)\s+My shop$/m);
  assert.match(table.stdout, /^mediawiki\s+built-in\s+MediaWiki article or file page$/m);
  assert.match(table.stdout, /^extra\s+user\s+Extra$/m);
  const json = await runCli(['presets', 'list', '--json'], { env });
  const rows = JSON.parse(json.stdout) as Array<{ id: string; origin: string; overrides: boolean; source?: string }>;
  assert.deepEqual(rows.map((r) => r.id), [...BUILTIN_PRESETS.map((p) => p.id), 'extra']);
  assert.deepEqual(rows.find((r) => r.id === 'shopify-product'), { ...rows.find((r) => r.id === 'shopify-product'), origin: 'user', overrides: true, source: path.join(presets, 'shop.json') });
});

test('show prints a preset as JSON that validates again', async (t) => {
  const { env } = await userDir(t);
  const shown = await runCli(['presets', 'show', 'mediawiki'], { env });
  assert.equal(shown.code, 0, shown.stderr);
  assert.deepEqual(JSON.parse(shown.stdout), JSON.parse(JSON.stringify(BUILTIN_PRESETS.find((p) => p.id === 'mediawiki'))));
});

test('check runs every built-in contract on its saved page and passes', async (t) => {
  const { env } = await userDir(t);
  const result = await runCli(['presets', 'check'], { env });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const oks = result.stdout.split('\n').filter((line) => line.startsWith('ok    '));
  assert.equal(oks.length, BUILTIN_PRESETS.reduce((n, p) => n + (p.contracts?.length ?? 0), 0));
  assert.match(result.stdout, /^ok {4}xenforo-thread \(built-in\) contract 1: https:\/\/forum\.example\/threads\/trail-photos-2024\.1234\/ — 2 items, 7 URLs$/m);
  assert.match(result.stderr, /contracts passed/);
});

test('check catches a broken preset: each failure on its own line, exit 1', async (t) => {
  const { env, presets } = await userDir(t);
  // A copy of the forum preset after the forum changed its markup, checked against its saved page.
  await mkdir(path.join(presets, 'pages'));
  await copyFile(path.join(FIXTURES, 'xenforo-thread.html'), path.join(presets, 'pages/thread.html'));
  const forum = BUILTIN_PRESETS.find((p) => p.id === 'xenforo-thread')!;
  const broken = {
    ...forum,
    id: 'my-forum',
    fields: { ...forum.fields, author: { selector: '.username-gone' } },
    contracts: [{ ...forum.contracts![0]!, page: 'pages/thread.html', urls: [8, 8] }],
  };
  await writeFile(path.join(presets, 'my-forum.json'), JSON.stringify(broken, null, 2));
  await writeFile(path.join(presets, 'zz-broken.json'), '{"id": "x", "name": "X",\n  "match": ["*://*/*"],,}');
  const all = await runCli(['presets', 'check'], { env });
  assert.equal(all.code, 1);
  assert.match(all.stdout, /^FAIL {2}my-forum \(user\) contract 1: https:\/\/forum\.example\/threads\/trail-photos-2024\.1234\/\n {8}- returned 7 media URLs, expected 8\n {8}- field "author" is missing or empty in items 0, 1$/m);
  assert.match(all.stdout, /^FAIL {2}ERR_PRESET_JSON: .*zz-broken\.json \(line 2, column 24\): not valid JSON/m);
  assert.match(all.stdout, /^ok {4}wordpress-gallery/m, 'the other presets are still checked');
  assert.match(all.stderr, /ERR_PRESET_CONTRACT: 2 of 8 checks failed/);
  // One preset by id: only its contracts.
  const one = await runCli(['presets', 'check', 'mediawiki'], { env });
  assert.equal(one.code, 0, one.stdout);
  assert.equal(one.stdout.trim().split('\n').length, 2);
});

test('check fetches live contract pages (no saved copy) and reports what changed', async (t) => {
  const { env, presets } = await userDir(t);
  const server = await startOriginServer({
    '/album/1': { body: '<div class="album"><img src="/a.jpg"><img src="/b.jpg"></div>', headers: { 'content-type': 'text/html' } },
  });
  t.after(() => server.close());
  const preset = {
    id: 'album',
    name: 'Album',
    match: ['http://127.0.0.1/album/*'],
    fields: { image_urls: [{ selector: '.album img' }] },
    contracts: [{ url: server.at('/album/1'), urls: [2, 2] }, { url: server.at('/album/2'), urls: [1] }],
  };
  const file = path.join(presets, 'album.json');
  await writeFile(file, JSON.stringify(preset));
  const result = await runCli(['presets', 'check', file], { env });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^ok {4}album \(user\) contract 1: .*\/album\/1 — 1 items, 2 URLs$/m);
  assert.match(result.stdout, /^FAIL {2}album \(user\) contract 2: .*\/album\/2\n {8}- ERR_PAGE_HTTP_STATUS: The page .*\/album\/2 answered 404$/m);
  assert.equal(server.hits('/album/1'), 1);
});
