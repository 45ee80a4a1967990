// Extraction speed on a Node DOM (linkedom): a page with 10,000 images in srcset, links and lazy
// attributes. Run: node --import tsx test/bench/extract-bench.ts [count]. The in-browser figure (the one
// users feel) is printed by the Chromium end-to-end test, which extracts a 10,000-image page too.
import { parseHTML } from 'linkedom';
import { extract } from '../../shared/extract/index.js';
import { galleryHtml } from './gallery-html.js';

const count = Number(process.argv[2] ?? 10_000);
const { document } = parseHTML(galleryHtml(count));
for (let run = 1; run <= 5; run++) {
  const started = performance.now();
  const result = extract(document as unknown as Document, 'https://gallery.example/');
  const ms = performance.now() - started;
  console.log(`run ${run}: ${result.media.length} media from ${result.elementCount} elements in ${ms.toFixed(1)} ms (linkedom)`);
}
