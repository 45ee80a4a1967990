// Extraction speed where users feel it: in Chromium, on a 10,000-image gallery (srcset, lazy
// attributes, links to originals, CSS backgrounds), computed styles included. Bundles shared/extract
// with vite, loads the page in headless Chromium, and times extract() over a few runs.
// Run: node --import tsx test/bench/extract-chromium-bench.ts [count]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { findChromium } from '../extension/helpers/chromium.js';
import { galleryHtml } from './gallery-html.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const count = Number(process.argv[2] ?? 10_000);

const output = await build({
  configFile: false,
  logLevel: 'silent',
  build: {
    write: false,
    minify: false,
    lib: { entry: path.join(root, 'shared/extract/index.ts'), formats: ['iife'], name: 'GleanerExtract', fileName: () => 'extract.js' },
  },
});
const bundle = (Array.isArray(output) ? output[0]! : output) as { output: Array<{ type: string; code?: string }> };
const code = bundle.output.find((o) => o.type === 'chunk')!.code!;

const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage();
  const html = galleryHtml(count);
  // The page itself; its images answer 404 at once (the bench measures extraction, not the network).
  await page.route('**/*', (route) =>
    route.request().resourceType() === 'document' ? route.fulfill({ status: 200, contentType: 'text/html', body: html }) : route.fulfill({ status: 404, body: '' }),
  );
  await page.goto('http://gallery.test/');
  await page.addScriptTag({ content: code });
  for (let run = 1; run <= 5; run++) {
    const result = await page.evaluate(() => {
      const api = (globalThis as unknown as { GleanerExtract: typeof import('../../shared/extract/index.js') }).GleanerExtract;
      const started = performance.now();
      const r = api.extract(document, location.href);
      return { ms: performance.now() - started, media: r.media.length, elements: r.elementCount };
    });
    console.log(`run ${run}: ${result.media} media from ${result.elements} elements in ${result.ms.toFixed(1)} ms (Chromium, computed styles on)`);
  }
} finally {
  await browser.close();
}
