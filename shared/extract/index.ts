// Public surface of shared/extract.
export { extract } from './extract.js';
export { toItem, toItems, toPageItem, type MediaItem, type PageInfo } from './to-items.js';
export { DEFAULT_FILE_EXTENSIONS, IMAGE_EXTENSIONS, kindOfExtension, normaliseExtensions, urlExtension } from './file-types.js';
export { parseSrcset, largestCandidate, type SrcsetCandidate } from './srcset.js';
export { cssImageUrls } from './css-urls.js';
export type { ExtractOptions, ExtractResult, MediaEntry, MediaKind, MediaSource } from './types.js';
