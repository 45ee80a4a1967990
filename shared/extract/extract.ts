// extract(document, pageUrl, options): everything a page shows or links, at the best size it offers,
// as media entries and Scrapy-shaped items. Pure: it reads the DOM it is given and touches nothing else,
// so the content script, the companion (on a Node DOM) and the tests all run the same code.
import { DEFAULT_FILE_EXTENSIONS, normaliseExtensions } from './file-types.js';
import { MediaCollector } from './media-collector.js';
import { toItems } from './to-items.js';
import { walkDocument } from './walk-document.js';
import type { ExtractOptions, ExtractResult } from './types.js';

export function extract(document: Document, pageUrl: string, options: ExtractOptions = {}): ExtractResult {
  const collector = new MediaCollector(options);
  const stats = { elements: 0 };
  walkDocument(
    document,
    pageUrl,
    {
      collector,
      fileExtensions: new Set(normaliseExtensions(options.fileExtensions ?? DEFAULT_FILE_EXTENSIONS)),
      computedStyles: options.computedStyles ?? true,
      shadowRoots: options.shadowRoots ?? true,
      frames: options.frames ?? true,
    },
    stats,
  );
  const media = [...collector.entries.values()];
  const title = (document.title ?? '').replace(/\s+/g, ' ').trim();
  return {
    pageUrl,
    title,
    media,
    items: toItems(media, { pageUrl, title }),
    elementCount: stats.elements,
    truncated: collector.truncated,
  };
}
