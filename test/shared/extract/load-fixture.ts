// Parses a saved HTML fixture with linkedom, the Node DOM the extraction tests run on. linkedom has no
// layout, computed styles or currentSrc, which is what the fallbacks in shared/extract are for.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/extract');

export function parseDocument(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

export function loadFixture(name: string): Document {
  return parseDocument(readFileSync(path.join(fixtures, name), 'utf8'));
}
