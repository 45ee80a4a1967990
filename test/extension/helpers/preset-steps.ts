// The preset steps of the Chromium end-to-end test, run in its browser (one Chromium for everything):
// a built-in preset applies in the popup on a local copy of its fixture page and the popup lists its
// items; switching to the generic extraction changes the list; in the options page an invalid preset
// shows its errors at their lines, a user preset is imported and previewed on the tab (elements
// outlined in the page, items and counts listed); then the popup picks the user preset by itself.
// Expected values come from shared/presets run on the same HTML in Node (linkedom), not from the
// extension's own code path.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { parseHtml } from '../../../companion/presets/node-dom.js';
import { BUILTIN_PRESETS, applyPreset, type Preset } from '../../../shared/presets/index.js';
import { clickToolbarButton, type ExtensionBrowser } from './chromium.js';
import { FORUM_THREAD_HTML, FORUM_THREAD_PATH, type MediaSite } from './media-site.js';
import { attr, until } from './until.js';

export interface PresetStepsEnv {
  browser: ExtensionBrowser;
  site: MediaSite;
  popupFor: (tabId: number) => Promise<Page>;
}

/** A preset of the user's: more specific than the built-in (exact host), so it wins once imported. */
const LOCAL_POSTS = {
  format: 1,
  id: 'local-posts',
  name: 'Local forum posts',
  match: ['http://127.0.0.1/threads/*'],
  items: { selector: 'article.message--post' },
  fields: {
    author: { attribute: 'data-author' },
    image_urls: [{ selector: '.message-body img', attributes: ['data-url', 'data-src', 'src'] }],
  },
};

/** Line 8: a misspelt key; line 6: a selector a DOM rejects (checked once the format is right). */
const INVALID_TEXT = `{
  "format": 1,
  "id": "broken",
  "name": "Broken",
  "match": ["*://*/*"],
  "detect": "div[[",
  "fields": {
    "image_urls": [{ "selector": "img", "atributes": ["src"] }]
  }
}`;

async function expectedOn(pageUrl: string, preset: Preset) {
  const result = applyPreset(await parseHtml(FORUM_THREAD_HTML), pageUrl, preset);
  const urls = result.items.flatMap((item) => [...((item.image_urls as string[]) ?? []), ...((item.file_urls as string[]) ?? [])]);
  const fieldElements = new Set(Object.values(result.matches.fields).flat());
  return { result, urls: [...new Set(urls)], itemElements: new Set(result.matches.items).size, fieldElements: fieldElements.size };
}

const cellUrls = (popup: Page) => popup.locator('[data-testid=media-cell]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-url')!));
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent({ timeout: 1000 })) ?? '';

export async function presetSteps(t: TestContext, { browser, site, popupFor }: PresetStepsEnv): Promise<void> {
  const { context, extensionId } = browser;
  const pageUrl = site.url(FORUM_THREAD_PATH);
  const forum = await context.newPage();
  await forum.goto(pageUrl);
  await forum.waitForLoadState('load');
  const tabId = await clickToolbarButton(browser, forum);

  const xenforo = BUILTIN_PRESETS.find((p) => p.id === 'xenforo-thread')!;
  const builtinExpected = await expectedOn(pageUrl, xenforo);
  const popup = await popupFor(tabId);

  await t.test('the popup shows the built-in preset that matches the page, and its items', async () => {
    const expected = builtinExpected;
    await popup.getByTestId('scan-stats').waitFor();
    assert.equal(await attr(popup, '[data-testid=preset-bar]', 'data-preset'), 'xenforo-thread');
    assert.equal(await text(popup, 'preset-name'), xenforo.name);
    assert.equal(await text(popup, 'preset-counts'), `${expected.result.counts.items} items, ${expected.urls.length} URLs`);
    assert.deepEqual((await cellUrls(popup)).sort(), [...expected.urls].sort());
    assert.equal(await text(popup, 'item-count'), String(expected.urls.length));
    const switchList = await popup.getByTestId('preset-switch').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    assert.equal(switchList[0], 'xenforo-thread', 'the matching preset heads the switch list');
    assert.equal(switchList.at(-1), '', 'the generic extraction ends it');
  });

  await t.test('switching to the generic extraction scans again and the list changes', async () => {
    await popup.getByTestId('preset-switch').selectOption('');
    await until('the generic scan', async () => (await attr(popup, '[data-testid=preset-bar]', 'data-preset')) === '' && (await popup.getByTestId('scanning').count()) === 0);
    assert.equal(await text(popup, 'preset-name'), 'Generic extraction');
    const count = Number(await text(popup, 'item-count'));
    assert.notEqual(count, builtinExpected.urls.length);
    // The generic extraction also finds what the preset leaves out: the forum's logo, first on the page.
    assert.ok((await cellUrls(popup)).includes(site.url('/styles/default/xenforo/xenforo-logo.png')));
  });
  await popup.close();

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/extension/options/index.html?tab=${tabId}`);

  await t.test('the options page shows an invalid preset\'s errors at their lines and will not save it', async () => {
    await options.getByTestId('preset-new').click();
    const issues = async (count: number) => {
      await until(`${count} problem(s)`, async () => (await options.getByTestId('preset-issue').count()) === count, 10_000, () => options.getByTestId('preset-editor').innerText());
      const found = await options.getByTestId('preset-issue').evaluateAll((items) => items.map((li) => [li.getAttribute('data-line'), li.getAttribute('data-where'), li.textContent]));
      const marked = await options.getByTestId('error-line').evaluateAll((lines) => lines.map((l) => l.getAttribute('data-line')));
      return { found, marked };
    };
    await options.getByTestId('preset-json').fill(INVALID_TEXT);
    // The format first: a misspelt key is an error at its own line (the gutter marks it too).
    const first = await issues(1);
    assert.deepEqual(first.found.map((i) => i.slice(0, 2)), [['8', 'fields.image_urls[0].atributes']]);
    assert.match(first.found[0]![2]!, /line 8, column \d+ fields\.image_urls\[0\]\.atributes: unknown key "atributes"/);
    assert.deepEqual(first.marked, ['8']);
    assert.ok(await options.getByTestId('preset-save').isDisabled());
    // Key fixed: now the selectors are checked, by the options page's own DOM.
    await options.getByTestId('preset-json').fill(INVALID_TEXT.replace('atributes', 'attributes'));
    await until('the selector problem', async () => (await attr(options, '[data-testid=preset-issue]', 'data-where')) === 'detect');
    const second = await issues(1);
    assert.deepEqual(second.found.map((i) => i.slice(0, 2)), [['6', 'detect']]);
    assert.match(second.found[0]![2]!, /not a valid CSS selector/);
    assert.deepEqual(second.marked, ['6']);
    assert.ok(await options.getByTestId('preset-save').isDisabled());
    await options.getByTestId('preset-close').click();
  });

  await t.test('a user preset is imported (a broken one beside it reported), then previewed on the tab', async () => {
    const file = JSON.stringify([LOCAL_POSTS, { ...LOCAL_POSTS, id: 'broken-too', items: { selector: '' } }], null, 2);
    await options.getByTestId('preset-import').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    const report = await until('the import report', async () => (await options.getByTestId('import-report').count()) > 0 && options.getByTestId('import-report').innerText());
    assert.match(report, /Imported 1 preset: local-posts\./);
    assert.match(report, /mine\.json, preset 2 \(broken-too\), line \d+, column \d+: \[1\]\.items\.selector: /);
    const row = options.locator('[data-testid=preset-row][data-id="local-posts"]');
    assert.equal(await row.getAttribute('data-origin'), 'user');

    const expected = await expectedOn(pageUrl, LOCAL_POSTS as Preset);
    await row.getByTestId('preset-preview').click();
    await until('the preview', async () => (await attr(options, '[data-testid=preview-result]', 'data-preset')) === 'local-posts', 20_000, () => options.getByTestId('preset-preview-panel').innerText());
    const shown = async (key: string) => Number(await attr(options, `[data-testid=count-${key}]`, 'data-value'));
    assert.equal(await shown('itemElements'), expected.result.counts.itemElements);
    assert.equal(await shown('items'), expected.result.counts.items);
    assert.equal(await shown('urls'), expected.result.counts.urls);
    assert.equal(await options.getByTestId('preview-item').count(), expected.result.items.length);
    assert.equal(Number(await attr(options, '[data-testid=preview-highlighted]', 'data-items')), expected.itemElements);

    // In the page itself: the matched elements carry the mark, and the inserted stylesheet outlines them.
    assert.equal(await forum.locator('[data-gleaner-preview~="item"]').count(), expected.itemElements);
    assert.equal(await forum.locator('[data-gleaner-preview~="field"]').count(), expected.fieldElements);
    const style = (selector: string) => forum.locator(selector).first().evaluate((e) => getComputedStyle(e).outlineStyle);
    assert.equal(await style('[data-gleaner-preview~="item"]'), 'solid');
    assert.equal(await style('[data-gleaner-preview="field"]'), 'dashed');

    await options.getByTestId('preview-clear').click();
    await until('the outlines to go', async () => (await forum.locator('[data-gleaner-preview]').count()) === 0);
    assert.equal(await forum.locator('article.message--post').first().evaluate((e) => getComputedStyle(e).outlineStyle), 'none');
  });
  await options.close();

  await t.test('the popup now applies the imported preset by itself (an exact host beats any host)', async () => {
    const popup = await popupFor(tabId);
    await popup.getByTestId('scan-stats').waitFor();
    assert.equal(await attr(popup, '[data-testid=preset-bar]', 'data-preset'), 'local-posts');
    assert.match(await text(popup, 'preset-applied'), /Local forum posts \(yours\)/);
    const expected = await expectedOn(pageUrl, LOCAL_POSTS as Preset);
    assert.deepEqual((await cellUrls(popup)).sort(), [...expected.urls].sort());
    await popup.close();
  });
  await forum.close();
}
