// The same preset code in Chromium's real DOM (as the extension's content script runs it) and in the
// companion's Node DOM gives the same items, preset choice and matched elements for every built-in
// preset on its saved page. shared/presets is bundled for the page the way the extension bundles it;
// the pages come from a local origin server and every other request is refused (no internet).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS } from '../../../companion/presets/render-page.js';
import { findChromium } from '../../../companion/presets/find-chromium.js';
import { parseHtml } from '../../../companion/presets/node-dom.js';
import { BUILTIN_PRESETS, asEntries, extractPage } from '../../../shared/presets/index.js';
import { startOriginServer, type OriginServer } from '../../helpers/origin-server.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { EXPECTED_URLS, urlFields } from '../../shared/presets/builtin-expected.js';

interface Extraction {
  presetId: string | undefined;
  items: Array<Record<string, unknown>>;
  matched: { items: number; fields: Record<string, number> };
}

let browser: Browser;
let server: OriginServer;
let bundle: string;

async function bundlePresets(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: path.join(REPO_ROOT, 'shared/presets/index.ts'), formats: ['iife'], name: 'GleanerPresets', fileName: () => 'presets.js' },
    },
  });
  const result = (Array.isArray(output) ? output[0]! : output) as { output: Array<{ type: string; code?: string }> };
  return result.output.find((o) => o.type === 'chunk')!.code!;
}

const contracts = BUILTIN_PRESETS.flatMap((preset) => (preset.contracts ?? []).map((contract) => ({ preset, contract })));

before(async () => {
  const routes = Object.fromEntries(
    contracts.map(({ contract }, i) => [`/page/${i}`, { body: readFileSync(path.join(REPO_ROOT, contract.page!)), headers: { 'content-type': 'text/html; charset=utf-8' } }]),
  );
  [server, bundle, browser] = await Promise.all([
    startOriginServer(routes),
    bundlePresets(),
    chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS }),
  ]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function inChromium(page: Page, pageUrl: string): Promise<Extraction> {
  await page.addScriptTag({ content: bundle });
  // A string, so the page runs exactly this and nothing the test's compiler added.
  return (await page.evaluate(`(() => {
    const P = globalThis.GleanerPresets;
    const out = P.extractPage(document, ${JSON.stringify(pageUrl)}, P.asEntries(P.BUILTIN_PRESETS, 'builtin'));
    const fields = {};
    for (const [name, elements] of Object.entries(out.result ? out.result.matches.fields : {})) fields[name] = elements.length;
    return { presetId: out.preset && out.preset.preset.id, items: out.items, matched: { items: out.result ? out.result.matches.items.length : 0, fields } };
  })()`)) as Extraction;
}

async function inNode(html: string, pageUrl: string): Promise<Extraction> {
  const out = extractPage(await parseHtml(html), pageUrl, asEntries(BUILTIN_PRESETS, 'builtin'));
  const fields = Object.fromEntries(Object.entries(out.result?.matches.fields ?? {}).map(([name, elements]) => [name, elements.length]));
  return { presetId: out.preset?.preset.id, items: out.items, matched: { items: out.result?.matches.items.length ?? 0, fields } };
}

contracts.forEach(({ preset, contract }, i) => {
  test(`${preset.id} on ${contract.url}: the same items in Chromium and in Node`, async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Only the origin server answers; images and scripts of the saved page's hosts are refused.
      await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
      await page.goto(server.at(`/page/${i}`), { waitUntil: 'load' });
      const browserSide = await inChromium(page, contract.url);
      const nodeSide = await inNode(readFileSync(path.join(REPO_ROOT, contract.page!), 'utf8'), contract.url);
      assert.equal(browserSide.presetId, preset.id, 'Chromium chose the preset');
      assert.deepEqual(browserSide, nodeSide);
      assert.deepEqual(urlFields(browserSide.items), EXPECTED_URLS[contract.url]);
      assert.ok(browserSide.matched.items >= browserSide.items.length);
    } finally {
      await context.close();
    }
  });
});
