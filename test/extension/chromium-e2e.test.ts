// End to end in Debian's Chromium: the built extension, the real companion on a temporary store, and a
// local site. Pair through the options page, click the toolbar button on the site's tab (DevTools'
// Extensions.triggerAction, which grants activeTab like a real click), open the popup for that tab,
// collect, and check the store (Scrapy's paths) and what the popup shows; then the companion going
// down and coming back, a page of 10,000 images, presets in the popup and the options page
// (helpers/preset-steps.ts), and an unpaired extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildExtension, REPO_ROOT } from './helpers/build-extension.js';
import { clickToolbarButton, launchWithExtension, type ExtensionBrowser } from './helpers/chromium.js';
import { companionForExtension, type CompanionHandle } from './helpers/companion.js';
import { GALLERY_MEDIA, startMediaSite, type MediaSite } from './helpers/media-site.js';
import { presetSteps } from './helpers/preset-steps.js';
import { attr, until } from './helpers/until.js';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** The id Chromium gives an extension whose manifest has this `key`. */
function extensionIdFromKey(key: string): string {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

test('the extension in Chromium with the companion', { timeout: 280_000 }, async (t) => {
  const site: MediaSite = await startMediaSite();
  t.after(() => site.close());
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'manifest.json'), 'utf8')) as { key: string };
  const expectedId = extensionIdFromKey(manifest.key);
  const companion: CompanionHandle = await companionForExtension(expectedId);
  t.after(() => companion.dispose());
  await companion.start();
  const dir = await buildExtension('chrome', t);
  const browser: ExtensionBrowser = await launchWithExtension(dir);
  t.after(() => browser.close());
  const { context, extensionId } = browser;
  const popupFor = async (tabId: number) => {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/extension/popup/index.html?tab=${tabId}`);
    return popup;
  };
  const storePath = (kind: 'images' | 'files', relative: string) => path.join(companion.store, kind, relative);

  await t.test('loads with the id its manifest key pins', () => {
    assert.equal(extensionId, expectedId);
  });

  await t.test('pairs through the options page; a wrong code gets a clear message', async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/extension/options/index.html`);
    await options.getByTestId('address').fill(`127.0.0.1:${companion.port}`);
    await options.getByTestId('pairing-code').fill('WRONG-CODE');
    await options.getByTestId('pair').click();
    const refused = await until('the refusal', async () => (await options.getByTestId('pair-result').textContent({ timeout: 500 })) ?? undefined);
    assert.match(refused, /pairing code is wrong or has expired/i);
    await options.getByTestId('pairing-code').fill(companion.pairingCode());
    await options.getByTestId('pair').click();
    await until('"Paired."', async () => (await options.getByTestId('pair-result').textContent({ timeout: 500 })) === 'Paired.', 30_000, () => options.locator('main').innerText());
    await until('connected status', async () => (await attr(options, '[data-testid=connection-status]', 'data-state')) === 'connected');
    await options.close();
  });

  const gallery = await context.newPage();
  await gallery.goto(site.url('/gallery.html'));
  await gallery.waitForLoadState('load');
  const galleryTab = await clickToolbarButton(browser, gallery);
  let popup = await popupFor(galleryTab);

  await t.test('the popup finds every kind of media on the tab, each cell carrying its URL', async () => {
    await popup.getByTestId('scan-stats').waitFor();
    const found = await popup.locator('[data-testid=media-cell]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-url')));
    assert.deepEqual([...found].sort(), GALLERY_MEDIA.map((p) => site.url(p)).sort());
    assert.equal(await popup.getByTestId('item-count').textContent(), String(GALLERY_MEDIA.length));
    const kinds = await popup.locator('[data-testid=media-cell]').evaluateAll((cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('data-url'), c.getAttribute('data-kind')])));
    assert.equal(kinds[site.url('/media/clip.mp4')], 'video');
    assert.equal(kinds[site.url('/files/report.pdf')], 'file');
    // Select none, then all: the count follows the selection.
    await popup.getByTestId('select-none').click();
    assert.equal(await popup.getByTestId('item-count').textContent(), '0');
    await popup.getByTestId('select-all').click();
    assert.equal(await popup.getByTestId('item-count').textContent(), String(GALLERY_MEDIA.length));
  });

  let summary = '';
  await t.test('Collect stores every file under Scrapy\'s paths and the popup shows each result', async () => {
    await popup.getByTestId('collect').click();
    await until('the job to finish', async () => (await attr(popup, '[data-testid=job-panel]', 'data-state')) === 'done', 60_000, () => popup.locator('main').innerText());
    summary = (await popup.getByTestId('job-summary').textContent()) ?? '';
    assert.equal(summary, 'Done: 10 of 11 stored, 1 failed.');
    for (const p of GALLERY_MEDIA) {
      const url = site.url(p);
      const row = popup.locator(`[data-testid=file-row][data-url="${url}"]`);
      const stage = await row.getAttribute('data-stage');
      if (p === '/img/missing.png') {
        assert.equal(stage, 'failed');
        assert.match((await row.getByTestId('file-error').textContent()) ?? '', /404/);
        continue;
      }
      assert.equal(stage, 'stored', p);
      const expected = p.startsWith('/img/') ? `full/${sha1(url)}.jpg` : `full/${sha1(url)}${path.extname(p)}`;
      assert.equal(await row.getByTestId('file-path').textContent(), expected, p);
      assert.ok(existsSync(storePath(p.startsWith('/img/') ? 'images' : 'files', expected)), `${expected} is in the store`);
    }
    const badge = await browser.worker.evaluate(async (tabId) => {
      const api = (globalThis as unknown as { chrome: { action: { getBadgeText(d: { tabId: number }): Promise<string> } } }).chrome;
      return api.action.getBadgeText({ tabId });
    }, galleryTab);
    assert.equal(badge, '1', 'the badge shows the number of failed files');
  });

  await t.test('the companion fetched each file with its page (or frame) as Referer', () => {
    const fromCompanion = site.requests.filter((r) => !/Chrome/.test(r.userAgent));
    const referer = (p: string) => fromCompanion.find((r) => r.path === p)?.referer;
    assert.equal(referer('/img/red-400x300.png'), site.url('/gallery.html'));
    assert.equal(referer('/img/frame-orange-160x90.png'), site.url('/frame.html'));
  });

  await t.test('closing and reopening the popup shows the same job; retry sends the failed file again', async () => {
    await popup.close();
    popup = await popupFor(galleryTab);
    await popup.getByTestId('view-job').click();
    await until('the job summary', async () => (await popup.getByTestId('job-summary').textContent({ timeout: 500 })) === summary);
    const before = site.requests.filter((r) => r.path === '/img/missing.png' && !/Chrome/.test(r.userAgent)).length;
    await popup.getByTestId('retry-failed').click();
    await until('the retried file to be fetched again', async () => site.requests.filter((r) => r.path === '/img/missing.png' && !/Chrome/.test(r.userAgent)).length > before);
    await until('the retry to finish', async () => (await attr(popup, '[data-testid=job-panel]', 'data-state')) === 'done');
    assert.equal(await popup.locator(`[data-testid=file-row][data-url="${site.url('/img/missing.png')}"]`).getAttribute('data-stage'), 'failed');
    await popup.close();
  });

  await t.test('with the companion down the popup says so, and nothing is lost once it is back', async () => {
    await companion.stop();
    const second = await context.newPage();
    await second.goto(site.url('/second.html'));
    const secondTab = await clickToolbarButton(browser, second);
    let secondPopup = await popupFor(secondTab);
    await until('the unreachable status', async () => (await attr(secondPopup, '[data-testid=connection-status]', 'data-state')) === 'unreachable');
    assert.match((await secondPopup.getByTestId('connection-status').textContent()) ?? '', /not reachable.*gleaner serve/s);
    await secondPopup.getByTestId('scan-stats').waitFor();
    await secondPopup.getByTestId('collect').click();
    await until('the waiting job', async () => (await attr(secondPopup, '[data-testid=job-panel]', 'data-state')) === 'waiting');
    assert.match((await secondPopup.getByTestId('job-waiting').textContent()) ?? '', /will be sent as soon as it is reachable/);
    await secondPopup.close();

    await companion.start();
    const url = site.url('/img/second-page-500x500.png');
    const stored = storePath('images', `full/${sha1(url)}.jpg`);
    await until('the file to reach the store after the companion came back', async () => existsSync(stored), 90_000);
    secondPopup = await popupFor(secondTab);
    await secondPopup.getByTestId('view-job').click();
    await until('the popup to show it stored', async () => (await attr(secondPopup, `[data-testid=file-row][data-url="${url}"]`, 'data-stage')) === 'stored');
    await secondPopup.close();
  });

  await t.test('a page of 10,000 images: scanned fast, grid virtualised', async () => {
    const big = await context.newPage();
    await big.goto(site.url('/big.html'));
    const bigTab = await clickToolbarButton(browser, big);
    const opened = Date.now();
    const bigPopup = await popupFor(bigTab);
    await bigPopup.getByTestId('scan-stats').waitFor({ timeout: 60_000 });
    const shownMs = Date.now() - opened;
    const extractMs = Number(await bigPopup.getByTestId('scan-stats').getAttribute('data-extract-ms'));
    t.diagnostic(`10,000 images: extraction ${extractMs} ms in the page; popup open to grid shown ${shownMs} ms`);
    assert.equal(await bigPopup.getByTestId('item-count').textContent(), '10000');
    const rendered = await bigPopup.locator('[data-testid=media-cell]').count();
    assert.ok(rendered > 0 && rendered < 400, `only the cells in view are rendered (${rendered})`);
    await bigPopup.getByTestId('media-grid').evaluate((grid) => (grid.scrollTop = grid.scrollHeight));
    await until('the last tile to be rendered', async () => (await bigPopup.locator(`[data-testid=media-cell][data-url="${site.url('/img/tile.png?n=9999')}"]`).count()) === 1);
    await bigPopup.close();
    await big.close();
  });

  await presetSteps(t, { browser, site, popupFor });

  await t.test('an unpaired extension says so clearly', async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/extension/options/index.html`);
    await options.getByTestId('unpair').click();
    await until('the unpaired status', async () => (await attr(options, '[data-testid=connection-status]', 'data-state')) === 'unpaired');
    const unpairedPopup = await popupFor(galleryTab);
    await until('the popup message', async () => (await attr(unpairedPopup, '[data-testid=connection-status]', 'data-state')) === 'unpaired');
    assert.match((await unpairedPopup.getByTestId('connection-status').textContent()) ?? '', /Not paired.*gleaner pair/);
  });
});
