// Writing a response body to a temporary file: counted and MD5-hashed as it streams, aborted as soon as
// it passes the size limit, checked against its Content-Length, and never left behind on failure.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GleanerError } from '../../../shared/errors.js';
import { ensureDir, forgetDir } from '../../storage/ensure-dir.js';

export interface SavedBody {
  file: string;
  size: number;
  md5: string;
  discard(): Promise<void>;
}

const PROGRESS_EVERY_BYTES = 256 * 1024;

function temporaryName(dir: string): string {
  return path.join(dir, `${randomBytes(8).toString('hex')}.download`);
}

export async function saveBodyToFile(
  body: NodeJS.ReadableStream,
  total: number | null,
  options: { stagingDir: string; maxSize: number; signal?: AbortSignal; onProgress?: (bytes: number, total: number | null) => void },
): Promise<SavedBody> {
  await ensureDir(options.stagingDir);
  const file = temporaryName(options.stagingDir);
  const meter = new BodyMeter(options.maxSize, total, options.onProgress);
  try {
    await pipeline(body, meter, createWriteStream(file), { signal: options.signal });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') forgetDir(options.stagingDir);
    await removeQuietly(file);
    throw meter.failure ?? error;
  }
  if (total !== null && meter.size < total) {
    await removeQuietly(file);
    throw new GleanerError('ERR_DOWNLOAD_TRUNCATED', `Received ${meter.size} of ${total} bytes`);
  }
  if (meter.size === 0) {
    await removeQuietly(file);
    throw new GleanerError('ERR_DOWNLOAD_EMPTY', 'Empty file (empty-content)');
  }
  options.onProgress?.(meter.size, total);
  return { file, size: meter.size, md5: meter.md5(), discard: () => removeQuietly(file) };
}

/** Writes an in-memory body (a decoded data: URL) the same way, with the same checks. */
export async function saveBufferToFile(data: Buffer, options: { stagingDir: string; maxSize: number }): Promise<SavedBody> {
  if (data.length === 0) throw new GleanerError('ERR_DOWNLOAD_EMPTY', 'Empty file (empty-content)');
  if (options.maxSize > 0 && data.length > options.maxSize) throw tooLarge(data.length, options.maxSize);
  await ensureDir(options.stagingDir);
  const file = temporaryName(options.stagingDir);
  await writeFile(file, data);
  return { file, size: data.length, md5: createHash('md5').update(data).digest('hex'), discard: () => removeQuietly(file) };
}

/** Counts and hashes the body as it passes, aborting as soon as it exceeds the size limit. */
export class BodyMeter extends Transform {
  size = 0;
  failure: GleanerError | undefined;
  private readonly hash = createHash('md5');
  private lastReported = 0;

  constructor(
    private readonly maxSize: number,
    private readonly total: number | null,
    private readonly onProgress?: (bytes: number, total: number | null) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.maxSize > 0 && this.size > this.maxSize) {
      this.failure = tooLarge(this.size, this.maxSize, true);
      callback(this.failure);
      return;
    }
    this.hash.update(chunk);
    if (this.onProgress && this.size - this.lastReported >= PROGRESS_EVERY_BYTES) {
      this.lastReported = this.size;
      this.onProgress(this.size, this.total);
    }
    callback(null, chunk);
  }

  md5(): string {
    return this.hash.digest('hex');
  }
}

export function tooLarge(size: number, max: number, streaming = false): GleanerError {
  const what = streaming ? `More than ${max} bytes received` : `Content-Length ${size} is larger than`;
  return new GleanerError('ERR_DOWNLOAD_TOO_LARGE', streaming ? `${what} (DOWNLOAD_MAXSIZE ${max})` : `${what} DOWNLOAD_MAXSIZE ${max}`);
}

// A temporary file that cannot be removed is not worth failing a file for.
function removeQuietly(file: string): Promise<void> {
  return rm(file, { force: true }).catch(() => {});
}

