// Scrapy's FilesPipeline: the body is stored as it came, under full/<sha1 of the URL><extension>, and
// its checksum is the MD5 of the body (computed while downloading). A large body is staged in a file
// (on the filesystem store, in its staging folder, so storing it is one rename); a small one is
// received into memory and written by the store in one call.
import { filePath } from '../../shared/naming/media-path.js';
import type { Settings } from '../config/settings.js';
import type { MediaKind } from './media-pipeline.js';
import { downloadedBody } from './put-body.js';

// Bodies announced at most this large are received into memory (hashed there in well under a
// millisecond) rather than handed to a body-writer thread: the hand-off costs more than the work.
const SMALL_BODY = 256 * 1024;

export function filesKind(settings: Settings): MediaKind {
  return {
    name: 'files',
    urlsField: settings.FILES_URLS_FIELD,
    resultField: settings.FILES_RESULT_FIELD,
    expiresDays: settings.FILES_EXPIRES,
    storePath: filePath,
    memoryUpTo: SMALL_BODY,
    async persist(download, requestUrl, store, ctx) {
      const { body } = download;
      await store.put(filePath(requestUrl), downloadedBody(body), {
        ...(download.contentType ? { contentType: download.contentType } : {}),
        signal: ctx.signal,
      });
      return { checksum: body.md5 };
    },
  };
}
