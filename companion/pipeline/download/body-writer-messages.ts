// The messages between body-writer.ts (the event loop) and body-writer-worker.ts (the writer thread).
// Per body id, messages always go to the same worker, so they arrive in order.

/** Written (and MD5-hashed) body, reported after its last batch; the file is closed. */
export interface WrittenBody {
  size: number;
  md5: string;
  /** The file's modification time in nanoseconds (fstat before close), as a decimal string. */
  mtimeNs: string;
}

export type WriterRequest =
  /** The first batch of a body creates its file; `data` is transferred, `length` bytes of it count. */
  | { op: 'write'; id: number; file: string; data: ArrayBuffer; length: number; last: boolean }
  /** Close and remove what was written, and forget the body. */
  | { op: 'abort'; id: number };

export type WriterReply =
  /** A batch is written; its buffer comes back for reuse. */
  | { id: number; ack: number; data: ArrayBuffer }
  | { id: number; done: WrittenBody }
  /** The file is removed; later batches of the body are ignored until it is aborted. */
  | { id: number; error: { code: string; message: string } }
  /** After an abort, once the file is removed. */
  | { id: number; aborted: true };
