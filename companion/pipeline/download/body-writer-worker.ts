// The worker side of body-writer.ts: writes each body's batches to its file and MD5-hashes them, on a
// thread of its own (messages: body-writer-messages.ts). Plain synchronous file calls are right here:
// this thread does nothing else.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, rmSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { WriterReply, WriterRequest } from './body-writer-messages.js';

interface Open {
  fd: number;
  file: string;
  hash: Hash;
  size: number;
}

const open = new Map<number, Open>();
// Bodies whose write failed: their remaining batches are dropped until the main side aborts them.
const failed = new Set<number>();
const port = parentPort!;
const reply = (message: WriterReply, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

function closeAndRemove(body: Open): void {
  try {
    closeSync(body.fd);
  } catch {
    // Already closed; removing is what matters.
  }
  rmSync(body.file, { force: true });
}

function write(message: Extract<WriterRequest, { op: 'write' }>): void {
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
      reply({ id, ack: bytes.length, data: message.data }, [message.data]);
      return;
    }
    const mtimeNs = fstatSync(body.fd, { bigint: true }).mtimeNs.toString();
    closeSync(body.fd);
    open.delete(id);
    reply({ id, done: { size: body.size, md5: body.hash.digest('hex'), mtimeNs } });
  } catch (error) {
    if (body) closeAndRemove(body);
    open.delete(id);
    failed.add(id);
    const { code, message: text } = error as NodeJS.ErrnoException;
    reply({ id, error: { code: code ?? 'EIO', message: text } });
  }
}

port.on('message', (message: WriterRequest) => {
  if (message.op === 'write') {
    write(message);
    return;
  }
  const body = open.get(message.id);
  if (body) closeAndRemove(body);
  open.delete(message.id);
  failed.delete(message.id);
  reply({ id: message.id, aborted: true });
});
