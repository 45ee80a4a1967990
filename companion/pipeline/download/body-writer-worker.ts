// The worker side of body-writer.ts: writes each body's batches to its file and MD5-hashes them, on a
// thread of its own. Plain synchronous file calls are right here: this thread does nothing else.
//
// Messages in (per body id, always to the same worker, so they arrive in order):
//   { op: 'write', id, file, data: ArrayBuffer, length, last }   the first one creates the file
//   { op: 'abort', id }                                    close and remove what was written
// Messages out:
//   { id, ack: bytes, data }                                a batch is written; its buffer comes back
//   { id, done: { size, md5, mtimeNs } }                    after the last batch; the file is closed
//   { id, error: { code, message } }                        the file is removed; later batches ignored
//   { id, aborted: true }                                   after an abort, once the file is removed
import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, rmSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

interface Open {
  fd: number;
  file: string;
  hash: Hash;
  size: number;
}

type Message = { op: 'write'; id: number; file: string; data: ArrayBuffer; length: number; last: boolean } | { op: 'abort'; id: number };

const open = new Map<number, Open>();
// Bodies whose write failed: their remaining batches are dropped until the main side aborts them.
const failed = new Set<number>();
const port = parentPort!;

function closeAndRemove(body: Open): void {
  try {
    closeSync(body.fd);
  } catch {
    // Already closed; removing is what matters.
  }
  rmSync(body.file, { force: true });
}

function write(message: Extract<Message, { op: 'write' }>): void {
  const { id } = message;
  if (failed.has(id)) return;
  let body = open.get(id);
  try {
    if (!body) {
      body = { fd: openSync(message.file, 'w'), file: message.file, hash: createHash('md5'), size: 0 };
      open.set(id, body);
    }
    const bytes = new Uint8Array(message.data, 0, message.length);
    for (let at = 0; at < bytes.length; ) at += writeSync(body.fd, bytes, at, bytes.length - at);
    body.hash.update(bytes);
    body.size += bytes.length;
    if (!message.last) {
      port.postMessage({ id, ack: bytes.length, data: message.data }, [message.data]);
      return;
    }
    const mtimeNs = fstatSync(body.fd, { bigint: true }).mtimeNs.toString();
    closeSync(body.fd);
    open.delete(id);
    port.postMessage({ id, done: { size: body.size, md5: body.hash.digest('hex'), mtimeNs } });
  } catch (error) {
    if (body) closeAndRemove(body);
    open.delete(id);
    failed.add(id);
    const { code, message: text } = error as NodeJS.ErrnoException;
    port.postMessage({ id, error: { code: code ?? 'EIO', message: text } });
  }
}

port.on('message', (message: Message) => {
  if (message.op === 'write') {
    write(message);
    return;
  }
  const body = open.get(message.id);
  if (body) closeAndRemove(body);
  open.delete(message.id);
  failed.delete(message.id);
  port.postMessage({ id: message.id, aborted: true });
});
