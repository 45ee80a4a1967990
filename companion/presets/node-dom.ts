// The Node DOM the companion runs shared/presets and shared/extract on: linkedom (fast, no layout, no
// scripts). Loaded on first use, so commands that never parse a page do not pay for it, and a missing
// package is a clear error instead of a crash at start.
import { GleanerError } from '../../shared/errors.js';
import { selectorCheckFor, type SelectorCheck } from '../../shared/presets/index.js';

type ParseHTML = (html: string) => { document: unknown };

let parser: Promise<ParseHTML> | undefined;

async function loadParser(): Promise<ParseHTML> {
  parser ??= import('linkedom').then(
    (module) => module.parseHTML as unknown as ParseHTML,
    (error: unknown) => {
      parser = undefined;
      throw new GleanerError('ERR_CONFIG_INVALID', `Reading pages needs the linkedom package (npm install linkedom): ${(error as Error).message}`);
    },
  );
  return parser;
}

/** Parses a whole HTML page. */
export async function parseHtml(html: string): Promise<Document> {
  const parseHTML = await loadParser();
  return parseHTML(html).document as Document;
}

/** Checks selectors the way the companion will run them: linkedom's querySelector throws on bad ones. */
export async function nodeSelectorCheck(): Promise<SelectorCheck> {
  return selectorCheckFor(await parseHtml('<!doctype html><html><head></head><body></body></html>'));
}
