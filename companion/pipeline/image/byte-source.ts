// Random access to the image bytes, from a file or a buffer. Header parsers read only the few ranges
// they need (a JPEG's SOF may sit behind 60 kB of EXIF/ICC segments, a PNG's tRNS behind large text
// chunks), so a large file never has to be loaded whole just to learn its mode.
//
// A file of ordinary size is read whole, once: header parsing then costs no I/O (a JPEG header is a
// dozen small reads, each a thread-pool round trip), the decoder reads from memory, and a JPEG stored
// untouched already has its bytes. Larger files keep their first 64 KiB for the header reads.
import { open, type FileHandle } from 'node:fs/promises';

/** Files up to this size are read whole (web images are almost always far smaller). */
export const READ_WHOLE_MAX = 8 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

export interface ByteSource {
  readonly size: number;
  /** The whole content when it is already in memory (then also the decoder's input). */
  readonly whole: Buffer | undefined;
  /** Up to `length` bytes from `offset` (fewer at the end of the data). */
  read(offset: number, length: number): Promise<Buffer>;
  /** The whole content (used only for a JPEG stored untouched). */
  readAll(): Promise<Buffer>;
  close(): Promise<void>;
}

export function bufferSource(buffer: Buffer): ByteSource {
  return {
    size: buffer.length,
    whole: buffer,
    read: (offset, length) => Promise.resolve(buffer.subarray(offset, Math.min(buffer.length, offset + length))),
    readAll: () => Promise.resolve(buffer),
    close: () => Promise.resolve(),
  };
}

async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const chunk = Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(chunk, 0, length, offset);
  return chunk.subarray(0, bytesRead);
}

export async function fileSource(path: string): Promise<ByteSource> {
  const handle: FileHandle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= READ_WHOLE_MAX) {
      const whole = await readAt(handle, 0, size);
      await handle.close();
      return bufferSource(whole);
    }
    const head = await readAt(handle, 0, HEAD_BYTES);
    return {
      size,
      whole: undefined,
      read(offset, length) {
        const want = Math.max(0, Math.min(length, size - offset));
        if (offset + want <= head.length) return Promise.resolve(head.subarray(offset, offset + want));
        return readAt(handle, offset, want);
      },
      readAll: () => readAt(handle, 0, size),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}
