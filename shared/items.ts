// Items and results, in Scrapy's shape. An item is any JSON object; the pipelines read the URL fields
// (`file_urls`, `image_urls` by default) and add result fields (`files`, `images`) plus Gleaner's
// `<result field>_errors`. Every other field passes through untouched.
import type { ErrorCode } from './errors.js';

export type Item = Record<string, unknown>;

export type FileStatus = 'downloaded' | 'uptodate' | 'cached';

/**
 * Scrapy's FileInfo, key order preserved: url, path, checksum, status. Gleaner adds content_type (the
 * response's Content-Type) when the file was fetched in this job; it never affects the path.
 */
export interface FileInfo {
  url: string;
  path: string;
  checksum: string | null;
  status: FileStatus;
  content_type?: string | null;
}

/** Gleaner's visible failure record, in `<result field>_errors`. */
export interface FileError {
  url: string;
  code: ErrorCode;
  message: string;
}

/** The record `gleaner run` prints for an input line that could not be read as an item. */
export interface InvalidInputRecord {
  _error: { line: number; code: ErrorCode; message: string };
}
