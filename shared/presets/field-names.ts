// Field names the preset format reserves or treats specially. Kept apart from the zod schema so the
// code that applies presets in a page (the content script) does not pull the validator along.

/** Item fields Gleaner fills or the pipelines write; a preset may not define them. */
export const RESERVED_FIELDS: readonly string[] = [
  'url', 'referer', 'media_headers', 'files', 'images', 'files_errors', 'images_errors', '_error',
];

/** The media URL fields, read by the Images and Files pipelines. */
export const URL_FIELDS = ['image_urls', 'file_urls'] as const;
export type UrlField = (typeof URL_FIELDS)[number];
