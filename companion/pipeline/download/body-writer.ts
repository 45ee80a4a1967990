// Writes downloaded bodies to files and MD5-hashes them on worker threads (body-writer-worker.ts).
// Hashing costs about two seconds of CPU per gigabyte, and each small asynchronous file call costs the
// event loop a thread hand-off; on the main thread these were most of a files job's CPU. Here the main
// thread only copies a body's chunks into 512 KiB batches and transfers each batch (no second copy) to
// the worker that owns the body, which writes it, hashes it, and finally reports size, MD5 and mtime.
// A body too small to fill a batch costs one message and no file call on the main thread at all.
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { reapplyHeapSettings } from '../../young-generation.js';
import type { WriterReply, WriterRequest, WrittenBody } from './body-writer-messages.js';

// Large enough that messages are few (two per MiB), small enough that the batches held per body (one
// being written, one filling) stay small: 16 bodies at once hold at most 16 MiB.
export const BATCH_BYTES = 512 * 1024;

/** An error from the worker's file calls, with the errno code (ENOSPC, EFBIG, …) the callers map. */
export class BodyWriteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Listener {
  acked(bytes: number): void;
  settled(result: WrittenBody | BodyWriteError): void;
  aborted?: () => void;
}

function startWorker(): Worker {
  const started = import.meta.url.endsWith('.ts') ? startFromSources() : new Worker(new URL('./body-writer-worker.js', import.meta.url));
  // Starting a worker thread resets the process's V8 flags (young-generation.ts).
  started.once('online', reapplyHeapSettings);
  return started;
}

// Built, the worker is the JavaScript file next to this one. Run from the TypeScript sources (tests,
// through tsx), a worker does not inherit tsx's loader on Node 20, so it registers it before loading.
function startFromSources(): Worker {
  const worker = new URL('./body-writer-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); })`, { eval: true });
}

// Full-size batch buffers come back from the worker with each ack and are used again: a fresh
// buffer costs a zero-fill and a page fault per 4 KiB on first touch, a gigabyte of them ~0.5 s of CPU.
const spare: ArrayBuffer[] = [];
const SPARE_MAX = 4;

function recycle(buffer: ArrayBuffer): void {
  if (buffer.byteLength === BATCH_BYTES && spare.length < SPARE_MAX) spare.push(buffer);
}

function batchBuffer(size: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(size === BATCH_BYTES ? (spare.pop() ?? new ArrayBuffer(BATCH_BYTES)) : new ArrayBuffer(size));
}

class WriterThread {
  readonly worker: Worker;
  private readonly listeners = new Map<number, Listener>();
  alive = true;

  constructor() {
    this.worker = startWorker();
    // An idle writer must not keep a finished process alive; a busy one must (see register/forget).
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => {
      const listener = this.listeners.get(reply.id);
      if (!listener) return;
      if ('aborted' in reply) {
        this.forget(reply.id);
        listener.aborted?.();
        return;
      }
      if ('ack' in reply) {
        recycle(reply.data);
        listener.acked(reply.ack);
        return;
      }
      // A failed body stays registered until its owner aborts it (the worker keeps its id until then).
      if ('done' in reply) this.forget(reply.id);
      listener.settled('done' in reply ? reply.done : new BodyWriteError(reply.error.code, reply.error.message));
    });
    this.worker.on('error', (error) => this.failAll(new BodyWriteError('EIO', `The file writer stopped: ${error.message}`)));
    // A writer that died (or was terminated) is replaced by the pool; whatever it held has failed.
    this.worker.on('exit', () => {
      this.alive = false;
      this.failAll(new BodyWriteError('EIO', 'The file writer stopped'));
    });
  }

  send(request: WriterRequest, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(request, transfer);
  }

  listener(id: number): Listener | undefined {
    return this.listeners.get(id);
  }

  register(id: number, listener: Listener): void {
    if (this.listeners.size === 0) this.worker.ref();
    this.listeners.set(id, listener);
  }

  forget(id: number): void {
    if (this.listeners.delete(id) && this.listeners.size === 0) this.worker.unref();
  }

  private failAll(error: BodyWriteError): void {
    const listeners = [...this.listeners.values()];
    this.listeners.clear();
    this.worker.unref();
    for (const listener of listeners) {
      listener.settled(error);
      listener.aborted?.();
    }
  }
}

export class BodyWriterPool {
  private readonly threads: WriterThread[] = [];
  private nextId = 1;
  private nextThread = 0;

  // One thread per core beyond the event loop's, at most two: on two cores one writer keeps up (MD5 runs
  // at ~600 MB/s) and a second only adds a V8 heap and more thread switching.
  constructor(private readonly size = Math.max(1, Math.min(2, availableParallelism() - 1))) {}

  /** Starts writing a new body to `file` (created or truncated). */
  open(file: string): BodyWriter {
    for (let i = this.threads.length - 1; i >= 0; i--) if (!this.threads[i]!.alive) this.threads.splice(i, 1);
    if (this.threads.length < this.size) this.threads.push(new WriterThread());
    const thread = this.threads[this.nextThread++ % this.threads.length]!;
    return new BodyWriter(thread, this.nextId++, file);
  }

  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}

/**
 * One body on its way to a file. Call `write` with each chunk as it arrives (it is copied, so the
 * caller may reuse it), then `finish`, or `abort` to remove the file. `pending` is the number of bytes
 * handed over but not yet written: pause the source while it is high, `onDrained` says when to resume.
 */
export class BodyWriter {
  pending = 0;
  private batch: Uint8Array<ArrayBuffer> | null = null;
  private filled = 0;
  private posted = false;
  private lastSent = false;
  private readonly result: Promise<WrittenBody | BodyWriteError>;
  private drained: (() => void) | undefined;
  private failure: BodyWriteError | undefined;

  constructor(
    private readonly thread: WriterThread,
    private readonly id: number,
    readonly file: string,
  ) {
    this.result = new Promise((resolve) => {
      thread.register(id, {
        acked: (bytes) => {
          this.pending -= bytes;
          this.drained?.();
        },
        settled: (result) => {
          if (result instanceof BodyWriteError) this.failure = result;
          this.pending = 0;
          this.drained?.();
          resolve(result);
        },
      });
    });
  }

  /** The worker's error, as soon as it is known (the source can stop early). */
  get error(): BodyWriteError | undefined {
    return this.failure;
  }

  onDrained(callback: (() => void) | undefined): void {
    this.drained = callback;
  }

  write(chunk: Uint8Array, sizeHint: number | null = null): void {
    let at = 0;
    while (at < chunk.length) {
      // A full batch waits for more data before it is sent, so a body that fits one batch is one message.
      if (this.batch && this.filled === this.batch.length) this.post(false);
      // A body whose whole size is known and small gets one batch of exactly that size.
      this.batch ??= batchBuffer(sizeHint !== null && sizeHint > 0 && !this.posted ? Math.min(sizeHint, BATCH_BYTES) : BATCH_BYTES);
      const n = Math.min(chunk.length - at, this.batch.length - this.filled);
      this.batch.set(chunk.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
    }
  }

  /** Sends what is left; resolves once the file is complete and closed. */
  async finish(): Promise<WrittenBody> {
    this.post(true);
    const result = await this.result;
    if (result instanceof BodyWriteError) throw result;
    return result;
  }

  /** Stops and removes the file (whatever has been written of it); resolves once it is gone. */
  async abort(): Promise<void> {
    this.batch = null;
    const last = this.lastSent;
    this.lastSent = true;
    if (last && !((await this.result) instanceof BodyWriteError)) {
      // Finished: the worker has closed and forgotten it, so the file is removed here.
      await rm(this.file, { force: true });
      return;
    }
    // Still being written, or failed: the worker removes what there is and forgets the body.
    const listener = this.thread.listener(this.id);
    if (!listener) return;
    await new Promise<void>((resolve) => {
      listener.aborted = resolve;
      this.thread.send({ op: 'abort', id: this.id });
    });
  }

  private post(last: boolean): void {
    if (this.lastSent) return;
    const data = (this.batch ?? new Uint8Array(0)).buffer;
    const length = this.filled;
    this.batch = null;
    this.filled = 0;
    this.posted = true;
    this.lastSent = last;
    if (!last) this.pending += length;
    this.thread.send({ op: 'write', id: this.id, file: this.file, data, length, last }, [data]);
  }
}
