// Helpers for the preset tests: a linkedom document from HTML or a saved fixture page, and a small valid
// preset to vary, so each test states only what it is about.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { selectorCheckFor, type Preset, type SelectorCheck } from '../../../shared/presets/index.js';

export const PRESET_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/presets');

export function htmlDocument(html: string): Document {
  return parseHTML(html.includes('<html') ? html : `<!doctype html><html><head></head><body>${html}</body></html>`).document as unknown as Document;
}

export function fixtureDocument(name: string): Document {
  return htmlDocument(readFileSync(path.join(PRESET_FIXTURES, name), 'utf8'));
}

/** The selector check the companion uses: shared selectorCheckFor on a linkedom document. */
export const linkedomCheck: SelectorCheck = selectorCheckFor(htmlDocument(''));

export function makePreset(overrides: Partial<Preset> & Record<string, unknown> = {}): Preset {
  return {
    id: 'test',
    name: 'Test',
    match: ['*://*/*'],
    fields: { image_urls: [{ selector: 'img' }] },
    ...overrides,
  } as Preset;
}
