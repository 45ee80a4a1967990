// Reads a finished item's result fields into the file's view: Scrapy's `images`/`files` (url, path,
// checksum, status) for stored files and Gleaner's `images_errors`/`files_errors` for failed ones.
import type { FileView } from '../view-types.js';

const RESULT_FIELDS = ['images', 'files'] as const;

interface ResultInfo {
  url?: unknown;
  path?: unknown;
  checksum?: unknown;
  status?: unknown;
}

interface ResultError {
  url?: unknown;
  code?: unknown;
  message?: unknown;
}

export function applyItemResult(file: FileView, output: Record<string, unknown>): void {
  for (const field of RESULT_FIELDS) {
    const infos = output[field];
    if (Array.isArray(infos)) {
      const info = (infos as ResultInfo[]).find((i) => i && i.url === file.url) ?? (infos.length === 1 ? (infos[0] as ResultInfo) : undefined);
      if (info && typeof info.path === 'string') {
        file.stage = info.status === 'uptodate' ? 'uptodate' : info.status === 'cached' ? 'cached' : 'stored';
        file.path = info.path;
        if (typeof info.checksum === 'string') file.checksum = info.checksum;
        delete file.code;
        delete file.message;
        return;
      }
    }
    const errors = output[`${field}_errors`];
    if (Array.isArray(errors)) {
      const error = (errors as ResultError[]).find((e) => e && e.url === file.url) ?? (errors.length === 1 ? (errors[0] as ResultError) : undefined);
      if (error) {
        file.stage = 'failed';
        file.code = typeof error.code === 'string' ? error.code : 'ERR_JOB_INTERNAL';
        file.message = typeof error.message === 'string' ? error.message : 'The file failed.';
        return;
      }
    }
  }
  const invalid = output._error as ResultError | undefined;
  if (invalid && typeof invalid === 'object') {
    file.stage = 'failed';
    file.code = typeof invalid.code === 'string' ? invalid.code : 'ERR_JOB_INTERNAL';
    file.message = typeof invalid.message === 'string' ? invalid.message : 'The companion could not read this item.';
    return;
  }
  // An item without a result for its URL: the pipeline for its kind is off on this target.
  file.stage = 'failed';
  file.code = 'ERR_JOB_INVALID_OPTIONS';
  file.message = 'The companion returned no result for this file (is the pipeline for this kind of file configured on the target?).';
}
