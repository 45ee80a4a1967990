// Types of what extraction finds. Kept apart from the walker so the extension UI and the companion can
// import them without pulling DOM code along.

export type MediaKind = 'image' | 'video' | 'audio' | 'file';

/** Where on the page a URL was found; an entry found in several places lists each once. */
export type MediaSource =
  | 'img'
  | 'srcset'
  | 'picture'
  | 'lazy'
  | 'css'
  | 'css-pseudo'
  | 'video'
  | 'audio'
  | 'poster'
  | 'svg'
  | 'link'
  | 'meta'
  | 'object';

export interface MediaEntry {
  /** Absolute URL without fragment. */
  url: string;
  kind: MediaKind;
  sources: MediaSource[];
  /** Intrinsic size when the page tells it (natural size, srcset width, attributes, og:image:width). */
  width?: number;
  height?: number;
  alt?: string;
  title?: string;
  /** URL of the document the media was found in (the top page, or a same-origin frame): the Referer. */
  referer: string;
}

export interface ExtractOptions {
  /** Extensions (no dot, lower case) that make a link a file to collect. */
  fileExtensions?: readonly string[];
  /** Read computed styles (backgrounds, ::before/::after) when the DOM offers getComputedStyle. */
  computedStyles?: boolean;
  /** Descend into open shadow roots (default true). */
  shadowRoots?: boolean;
  /** Descend into same-origin frames (default true). */
  frames?: boolean;
  /** data: URLs shorter than this are lazy-load placeholders, not media (default 512). */
  minDataUrlLength?: number;
  /** data: URLs longer than this are left out so one message stays small (default 1 MiB). */
  maxDataUrlLength?: number;
  /** Stop after this many entries (default 50,000). */
  maxEntries?: number;
}

export interface ExtractResult {
  pageUrl: string;
  title: string;
  media: MediaEntry[];
  /** One Scrapy-shaped item per media entry (see toItems). */
  items: Record<string, unknown>[];
  /** Elements visited, for benchmarks and diagnostics. */
  elementCount: number;
  /** True when maxEntries cut the list short. */
  truncated: boolean;
}
