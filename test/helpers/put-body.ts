// Bodies for store tests: small ones from a buffer, large ones generated into a temp file and streamed.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import type { PutBody } from '../../companion/storage/store.js';

export function md5Of(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

export function bodyOf(data: Buffer | string): PutBody {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return { size: bytes.length, md5: md5Of(bytes), open: () => Readable.from([bytes]) };
}

export interface LargeBody extends PutBody {
  file: string;
  dispose(): Promise<void>;
}

/** Writes `size` random bytes to a temp file (1 MiB at a time) and returns a body streaming from it. */
export async function largeBody(size: number): Promise<LargeBody> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gleaner-large-'));
  const file = path.join(dir, 'large.bin');
  const out = createWriteStream(file);
  const hash = createHash('md5');
  for (let written = 0; written < size; ) {
    const chunk = randomBytes(Math.min(1024 * 1024, size - written));
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
    written += chunk.length;
  }
  out.end();
  await once(out, 'finish');
  return {
    size,
    md5: hash.digest('hex'),
    file,
    open: () => createReadStream(file, { highWaterMark: 1024 * 1024 }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** MD5 and length of everything a stream yields. */
export async function md5OfStream(stream: AsyncIterable<Buffer | Uint8Array>): Promise<{ md5: string; size: number }> {
  const hash = createHash('md5');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { md5: hash.digest('hex'), size };
}

/** Captures store warnings and errors. */
export function captureLogger(): { warn(obj: object, msg: string): void; error(obj: object, msg: string): void; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  return {
    lines,
    warn: (_obj, msg) => void lines.push({ level: 'warn', msg }),
    error: (_obj, msg) => void lines.push({ level: 'error', msg }),
  };
}
