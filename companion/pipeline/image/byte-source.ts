// Random access to the image bytes, from a file or a buffer. Header parsers read only the few ranges
// they need (a JPEG's SOF may sit behind 60 kB of EXIF/ICC segments, a PNG's tRNS behind large text
// chunks), so a file source never has to be loaded whole just to learn its mode.
import { open, readFile, type FileHandle } from 'node:fs/promises';

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the data). */
  read(offset: number, length: number): Promise<Buffer>;
  /** The whole content (used only for a JPEG stored untouched). */
  readAll(): Promise<Buffer>;
  close(): Promise<void>;
}

export function bufferSource(buffer: Buffer): ByteSource {
  return {
    size: buffer.length,
    read: (offset, length) => Promise.resolve(buffer.subarray(offset, Math.min(buffer.length, offset + length))),
    readAll: () => Promise.resolve(buffer),
    close: () => Promise.resolve(),
  };
}

export async function fileSource(path: string): Promise<ByteSource> {
  const handle: FileHandle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(offset, length) {
        const want = Math.max(0, Math.min(length, size - offset));
        const chunk = Buffer.alloc(want);
        const { bytesRead } = await handle.read(chunk, 0, want, offset);
        return chunk.subarray(0, bytesRead);
      },
      readAll: () => readFile(path),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
