// What the pipelines hand to a store: a downloaded body (in memory, or in a staged file the store may
// move into place) or bytes made here (a re-encoded image, a thumbnail).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { PutBody } from '../storage/store.js';
import type { ReceivedBody } from './download/receive-body.js';

export function downloadedBody(body: ReceivedBody): PutBody {
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

export function bufferBody(data: Buffer): PutBody {
  return { size: data.length, md5: createHash('md5').update(data).digest('hex'), data, open: () => Readable.from([data]) };
}
