// Scrapy's FilesPipeline: the body is stored as it came, under full/<sha1 of the URL><extension>, and
// its checksum is the MD5 of the body (computed while downloading).
import { createReadStream } from 'node:fs';
import { filePath } from '../../shared/naming/media-path.js';
import type { Settings } from '../config/settings.js';
import type { MediaKind } from './media-pipeline.js';

export function filesKind(settings: Settings): MediaKind {
  return {
    name: 'files',
    urlsField: settings.FILES_URLS_FIELD,
    resultField: settings.FILES_RESULT_FIELD,
    expiresDays: settings.FILES_EXPIRES,
    storePath: filePath,
    async persist(download, requestUrl, store, ctx) {
      const path = filePath(requestUrl);
      await store.put(
        path,
        { size: download.size, md5: download.md5, file: download.file, open: () => createReadStream(download.file) },
        { ...(download.contentType ? { contentType: download.contentType } : {}), signal: ctx.signal },
      );
      return { checksum: download.md5 };
    },
  };
}
