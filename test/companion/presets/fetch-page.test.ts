// Fetching pages for gleaner collect: the configured User-Agent and headers, redirects (items are about
// where the page ends up), the page's own encoding, retries, and coded failures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveSettings } from '../../../companion/config/settings.js';
import { PageFetcher } from '../../../companion/presets/fetch-page.js';
import { GleanerError } from '../../../shared/errors.js';
import { startOriginServer } from '../../helpers/origin-server.js';

const html = (body: string | Buffer, type = 'text/html; charset=utf-8') => ({ body, headers: { 'content-type': type } });

async function fetcherFor(t: { after: (fn: () => Promise<void>) => void }, settings: Record<string, unknown> = {}): Promise<PageFetcher> {
  const fetcher = new PageFetcher(resolveSettings({ RETRY_BACKOFF_BASE: 0.01, ...settings }));
  t.after(() => fetcher.close());
  return fetcher;
}

async function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GleanerError, String(error));
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
}

test('sends USER_AGENT and DEFAULT_REQUEST_HEADERS, follows redirects and reports the final URL', async (t) => {
  const server = await startOriginServer({ '/old': { redirect: '/new/page', status: 301 }, '/new/page': html('<p>hi</p>') });
  t.after(() => server.close());
  const fetcher = await fetcherFor(t, { USER_AGENT: 'TestAgent/1.0', DEFAULT_REQUEST_HEADERS: { 'Accept-Language': 'de' } });
  const page = await fetcher.fetch(server.at('/old'));
  assert.equal(page.url, server.at('/new/page'));
  assert.equal(page.html, '<p>hi</p>');
  assert.equal(server.lastHeaders('/new/page')?.['user-agent'], 'TestAgent/1.0');
  assert.equal(server.lastHeaders('/new/page')?.['accept-language'], 'de');
});

test('decodes the page in its own encoding: header charset, else <meta charset>', async (t) => {
  const cafe = Buffer.from([0x43, 0x61, 0x66, 0xe9]); // "Café" in windows-1252
  const server = await startOriginServer({
    '/header': html(cafe, 'text/html; charset=windows-1252'),
    '/meta': html(Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><p>'), cafe]), 'text/html'),
    '/utf8': html('Café ✓', 'text/html'),
  });
  t.after(() => server.close());
  const fetcher = await fetcherFor(t);
  assert.equal((await fetcher.fetch(server.at('/header'))).html, 'Café');
  assert.equal((await fetcher.fetch(server.at('/meta'))).html, '<meta charset="iso-8859-1"><p>Café');
  assert.equal((await fetcher.fetch(server.at('/utf8'))).html, 'Café ✓');
});

test('retries RETRY_HTTP_CODES like media downloads, then gives the page', async (t) => {
  const server = await startOriginServer({ '/flaky': [{ status: 503 }, { status: 503 }, html('ok')] });
  t.after(() => server.close());
  const fetcher = await fetcherFor(t, { RETRY_TIMES: 2 });
  assert.equal((await fetcher.fetch(server.at('/flaky'))).html, 'ok');
  assert.equal(server.hits('/flaky'), 3);
});

test('failures are coded: status, not HTML, too large, scheme, connection', async (t) => {
  const server = await startOriginServer({
    '/gone': { status: 404 },
    '/image': html('PNG', 'image/png'),
    '/big': html('x'.repeat(5000)),
  });
  t.after(() => server.close());
  const fetcher = await fetcherFor(t, { DOWNLOAD_MAXSIZE: 1000, RETRY_TIMES: 0 });
  await rejectsWith(fetcher.fetch(server.at('/gone')), 'ERR_PAGE_HTTP_STATUS', /answered 404/);
  assert.equal(server.hits('/gone'), 1, 'a 404 is not retried');
  await rejectsWith(fetcher.fetch(server.at('/image')), 'ERR_PAGE_NOT_HTML', /image\/png, not HTML/);
  await rejectsWith(fetcher.fetch(server.at('/big')), 'ERR_PAGE_TOO_LARGE');
  await rejectsWith(fetcher.fetch('file:///etc/passwd'), 'ERR_PAGE_URL');
  await rejectsWith(fetcher.fetch('not a url'), 'ERR_PAGE_URL');
  const closed = await startOriginServer();
  const port = closed.port;
  await closed.close();
  await rejectsWith(fetcher.fetch(`http://127.0.0.1:${port}/`), 'ERR_PAGE_FETCH', /Connection refused/);
});
