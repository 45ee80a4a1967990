// Receiving a response body: counted as it arrives, aborted as soon as it passes the size limit,
// checked against its Content-Length, and kept either in memory (small images, which are decoded
// straight from memory) or in a file written and MD5-hashed by the body writers (body-writer.ts).
// Nothing is left behind on failure.
import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { GleanerError } from '../../../shared/errors.js';
import { ensureDir, forgetDir } from '../../storage/ensure-dir.js';
import { BATCH_BYTES, type BodyWriter, type BodyWriterPool } from './body-writer.js';
import type { ResponseBody } from './exchange.js';

/** Where a body goes. */
export interface BodyTarget {
  /** Bodies not kept in memory go to a new file in this folder (created if needed). */
  stagingDir: string;
  /** Keep a body of at most this many bytes in memory rather than in a file. */
  memoryUpTo?: number;
}

/**
 * Bodies waiting in memory are bounded for the whole process: downloads run ahead of image processing,
 * and an item may list hundreds of URLs, so without a bound a page of large photos could pile up in
 * memory. A body that finds the budget spent is staged on disk instead, as a large one is.
 */
export class MemoryBudget {
  private inUse = 0;
  constructor(readonly limit: number) {}
  get used(): number {
    return this.inUse;
  }
  reserve(bytes: number): boolean {
    if (this.inUse + bytes > this.limit) return false;
    this.inUse += bytes;
    return true;
  }
  release(bytes: number): void {
    this.inUse = Math.max(0, this.inUse - bytes);
  }
}

const sharedBudget = new MemoryBudget(32 * 1024 * 1024);

export interface ReceiveOptions {
  target: BodyTarget;
  /** Defaults to one budget (32 MiB) shared by every download of the process. */
  budget?: MemoryBudget;
  /** Largest body in bytes; 0 means no limit. */
  maxSize: number;
  writers: BodyWriterPool;
  onProgress?: (bytes: number, total: number | null) => void;
}

/** A received body, on disk (`file`) or in memory (`data`). */
export interface ReceivedBody {
  size: number;
  file: string | undefined;
  data: Buffer | undefined;
  /** MD5 hex of the body (for a body in memory, computed when first asked for). */
  readonly md5: string;
  /** A file's modification time in nanoseconds, read when it was closed. */
  mtimeNs: string | undefined;
  /** Removes the file, if any; after `keep()`, does nothing. */
  discard(): Promise<void>;
  /** The file has been moved elsewhere (into the store): `discard()` must not touch it. */
  keep(): void;
}

const PROGRESS_EVERY_BYTES = 256 * 1024;
// Pause the connection while a batch is waiting for the writer, resume when it is written: with every
// body's next batch queued the writer is never idle, and memory per body stays at two batches.
const PAUSE_AT = BATCH_BYTES;

function temporaryName(dir: string): string {
  return path.join(dir, `${randomBytes(8).toString('hex')}.download`);
}

class FileBody implements ReceivedBody {
  readonly data = undefined;
  private kept = false;
  constructor(
    readonly file: string,
    readonly size: number,
    readonly md5: string,
    readonly mtimeNs: string,
    private readonly remove: () => Promise<void>,
  ) {}
  keep(): void {
    this.kept = true;
  }
  async discard(): Promise<void> {
    if (!this.kept) await this.remove();
  }
}

class MemoryBody implements ReceivedBody {
  readonly file = undefined;
  readonly mtimeNs = undefined;
  private hash: string | undefined;
  constructor(
    readonly data: Buffer,
    private release: (() => void) | undefined = undefined,
  ) {}
  get size(): number {
    return this.data.length;
  }
  get md5(): string {
    return (this.hash ??= createHash('md5').update(this.data).digest('hex'));
  }
  keep(): void {}
  async discard(): Promise<void> {
    this.release?.();
    this.release = undefined;
  }
}

export async function receiveBody(body: ResponseBody, total: number | null, options: ReceiveOptions): Promise<ReceivedBody> {
  const { target, maxSize, writers, onProgress } = options;
  const budget = options.budget ?? sharedBudget;
  // In memory when it is known (or, without a Content-Length, hoped) to be small; a body that outgrows
  // that moves to a staged file on the way.
  const memoryUpTo = target.memoryUpTo;
  let reserved = 0;
  if (memoryUpTo !== undefined && (total === null || total <= memoryUpTo) && budget.reserve(total ?? memoryUpTo)) {
    reserved = total ?? memoryUpTo;
  }
  const inMemory = reserved > 0;
  await ensureDir(target.stagingDir);

  return new Promise<ReceivedBody>((resolve, reject) => {
    let size = 0;
    let reported = 0;
    let chunks: Buffer[] | null = inMemory ? [] : null;
    let writer: BodyWriter | null = inMemory ? null : writers.open(temporaryName(target.stagingDir));
    let settled = false;

    // Nothing is left behind: the caller hears of the failure once the partial file is gone.
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      chunks = null;
      budget.release(reserved);
      body.abort(error);
      if (!writer) {
        reject(error);
        return;
      }
      if (writer.error?.code === 'ENOENT') forgetDir(path.dirname(writer.file));
      writer.abort().then(() => reject(error), () => reject(error));
    };

    const toFile = (): BodyWriter => {
      const opened = writers.open(temporaryName(target.stagingDir));
      for (const chunk of chunks ?? []) opened.write(chunk);
      chunks = null;
      budget.release(reserved);
      reserved = 0;
      return opened;
    };

    const onDrained = (): void => {
      if (writer && writer.pending < PAUSE_AT) body.resume();
    };

    body.consume({
      data(chunk) {
        if (settled) return;
        size += chunk.length;
        if (maxSize > 0 && size > maxSize) {
          fail(tooLarge(size, maxSize, true));
          return;
        }
        if (chunks) {
          chunks.push(chunk);
          if (size > (memoryUpTo ?? 0)) {
            // Larger than announced (or not announced): on to a file after all.
            writer = toFile();
            writer.onDrained(onDrained);
          }
        } else if (writer) {
          if (writer.error) {
            fail(writer.error);
            return;
          }
          writer.write(chunk, total);
          if (writer.pending >= PAUSE_AT) {
            writer.onDrained(onDrained);
            body.pause();
          }
        }
        if (onProgress && size - reported >= PROGRESS_EVERY_BYTES) {
          reported = size;
          onProgress(size, total);
        }
      },
      error(error) {
        fail(error);
      },
      end() {
        if (settled) return;
        if (total !== null && size < total) {
          fail(new GleanerError('ERR_DOWNLOAD_TRUNCATED', `Received ${size} of ${total} bytes`));
          return;
        }
        if (size === 0) {
          fail(new GleanerError('ERR_DOWNLOAD_EMPTY', 'Empty file (empty-content)'));
          return;
        }
        settled = true;
        onProgress?.(size, total);
        if (chunks) {
          // Hold only what arrived (a body without a Content-Length reserved the most it could be).
          budget.release(reserved - size);
          resolve(new MemoryBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), () => budget.release(size)));
          return;
        }
        const done = writer!;
        done.finish().then(
          (written) => resolve(new FileBody(done.file, written.size, written.md5, written.mtimeNs, () => removeQuietly(done.file))),
          (error: Error & { code?: string }) => {
            if (error.code === 'ENOENT') forgetDir(path.dirname(done.file));
            done.abort().then(() => reject(error), () => reject(error));
          },
        );
      },
    });
  });
}

/** Writes an in-memory body (a decoded data: URL) the same way, with the same checks. */
export function receiveBuffer(data: Buffer, maxSize: number): ReceivedBody {
  if (data.length === 0) throw new GleanerError('ERR_DOWNLOAD_EMPTY', 'Empty file (empty-content)');
  if (maxSize > 0 && data.length > maxSize) throw tooLarge(data.length, maxSize);
  return new MemoryBody(data);
}

export function tooLarge(size: number, max: number, streaming = false): GleanerError {
  const what = streaming ? `More than ${max} bytes received` : `Content-Length ${size} is larger than`;
  return new GleanerError('ERR_DOWNLOAD_TOO_LARGE', streaming ? `${what} (DOWNLOAD_MAXSIZE ${max})` : `${what} DOWNLOAD_MAXSIZE ${max}`);
}

// A temporary file that cannot be removed is not worth failing a file for.
async function removeQuietly(file: string): Promise<void> {
  await rm(file, { force: true }).catch(() => {});
}
