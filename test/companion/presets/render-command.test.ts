// `gleaner collect --render` on a local page that loads its images as the reader scrolls (or clicks
// "load more"): the preset's page actions run in Chromium before extraction, so the items hold what a
// reader would have seen, not only the first screen. One CLI run renders every page with one browser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { jsonLines, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/job.js';
import { startOriginServer } from '../../helpers/origin-server.js';

const FEED = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/presets/infinite-feed.html'));

function preset(id: string, match: string, actions: unknown[]): Record<string, unknown> {
  return { id, name: id, match: [match], fields: { image_urls: [{ selector: '.feed img', attributes: ['src'] }] }, actions };
}

test('--render plays scroll, click and waitFor actions; without it only the first screen is seen', async (t) => {
  const server = await startOriginServer({
    '/feed': { body: FEED, headers: { 'content-type': 'text/html' } },
    '/feed-more': (req, res) => {
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([1, 2, 3].map((n) => `/img/${page * 3 + n}.png`)));
    },
  });
  t.after(() => server.close());
  const home = await tempDir(t);
  const presets = path.join(home, 'config/presets');
  await mkdir(presets, { recursive: true });
  await writeFile(
    path.join(presets, 'feeds.json'),
    JSON.stringify([
      preset('scroll-until-stable', 'http://127.0.0.1/feed?pages=3', [{ type: 'scroll', untilStable: true, delayMs: 400 }]),
      preset('scroll-once', 'http://127.0.0.1/feed?pages=3&once', [{ type: 'scroll', times: 1, delayMs: 1000 }]),
      preset('click-more', 'http://127.0.0.1/feed?pages=2&mode=button', [
        { type: 'click', selector: '#more', times: 10, delayMs: 250 },
        { type: 'waitFor', selector: 'body.complete', timeoutMs: 5000 },
      ]),
    ]),
  );
  const env = { GLEANER_HOME: home, USER_AGENT: 'RenderTest/1' };
  const urls = ['/feed?pages=3', '/feed?pages=3&once', '/feed?pages=2&mode=button'].map((p) => server.at(p));

  const rendered = await runCli(['collect', '--render', '--dry-run', ...urls], { env });
  assert.equal(rendered.code, 0, rendered.stderr);
  const images = jsonLines(rendered.stdout).map((item) => (item.image_urls as string[]).map((u) => new URL(u).pathname));
  const expected = (n: number) => Array.from({ length: n }, (_, i) => `/img/${i + 1}.png`);
  assert.deepEqual(images, [expected(12), expected(6), expected(9)]);
  assert.match(rendered.stderr, /preset scroll-until-stable \(user\), 1 item\ngleaner: {3}scrolled \d+ times, until nothing new appeared\n/);
  assert.match(rendered.stderr, /gleaner: {3}clicked #more 2 times\ngleaner: {3}waited for body\.complete\n/);
  assert.equal(server.lastHeaders('/feed?pages=3')?.['user-agent'], 'RenderTest/1', 'Chromium sends the configured User-Agent');
  assert.equal(server.hits('/feed-more?page=4'), 0, 'scrolling stopped when the feed ended');

  const fetched = await runCli(['collect', '--dry-run', urls[0]!], { env });
  assert.equal(fetched.code, 0, fetched.stderr);
  assert.deepEqual((jsonLines(fetched.stdout)[0]!.image_urls as string[]).map((u) => new URL(u).pathname), expected(3));

  // A contract on the live page, checked rendered: it holds only when the actions ran.
  const contract = { ...preset('feed-contract', 'http://127.0.0.1/feed?pages=3', [{ type: 'scroll', untilStable: true, delayMs: 400 }]), contracts: [{ url: urls[0], urls: [12, 12] }] };
  const file = path.join(home, 'feed-contract.json');
  await writeFile(file, JSON.stringify(contract));
  const checked = await runCli(['presets', 'check', '--render', file], { env });
  assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  assert.match(checked.stdout, /^ok {4}feed-contract \(user\) contract 1: .* — 1 items, 12 URLs$/m);
  const unrendered = await runCli(['presets', 'check', file], { env });
  assert.equal(unrendered.code, 1);
  assert.match(unrendered.stdout, /- returned 3 media URLs, expected 12/);
});
