// Scrapy's FilesPipeline: the body is stored as it came, under full/<sha1 of the URL><extension>, and
// its checksum is the MD5 of the body (computed while downloading). A large body is staged in a file
// (on the filesystem store, in its staging folder, so storing it is one rename); a small one is
// received into memory and written by the store in one call.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { filePath } from '../../shared/naming/media-path.js';
import type { Settings } from '../config/settings.js';
import type { PutBody } from '../storage/store.js';
import type { ReceivedBody } from './download/receive-body.js';
import type { MediaKind } from './media-pipeline.js';

// Bodies announced at most this large are received into memory (hashed there in well under a
// millisecond) rather than handed to a body-writer thread: the hand-off costs more than the work.
const SMALL_BODY = 256 * 1024;

export function putBody(body: ReceivedBody): PutBody {
  const { file, data } = body;
  if (data) return { size: body.size, md5: body.md5, data, open: () => Readable.from([data]) };
  return {
    size: body.size,
    md5: body.md5,
    file,
    ...(body.mtimeNs !== undefined ? { mtimeNs: body.mtimeNs } : {}),
    open: () => createReadStream(file!),
    // The staged file is used for nothing else: the store may move it rather than copy it.
    moved: () => body.keep(),
  };
}

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
      await store.put(filePath(requestUrl), putBody(body), {
        ...(download.contentType ? { contentType: download.contentType } : {}),
        signal: ctx.signal,
      });
      return { checksum: body.md5 };
    },
  };
}
