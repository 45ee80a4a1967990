// The load/soak benchmark's origin server, run as its own child process
// (`node --import tsx test/bench/load-origin.ts`) so serving costs nothing to the daemon being measured.
// Every GET path is a small file whose body is derived from the path (1–4 KiB, deterministic), so no
// corpus is needed; hits are counted per path. `GET /__stats` answers {total, unique, repeated} (repeated:
// paths fetched more than once) and `POST /__reset` clears the counts. It prints {"port":N} on stdout
// once listening on 127.0.0.1, and exits when its standard input closes, so it cannot outlive the bench.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const hits = new Map<string, number>();
let total = 0;

function bodyFor(path: string): Buffer {
  const seed = createHash('sha1').update(path).digest();
  const size = 1024 + (seed.readUInt16BE(0) % 3072);
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i += seed.length) seed.copy(body, i, 0, Math.min(seed.length, size - i));
  return body;
}

const server = http.createServer((req, res) => {
  const path = req.url ?? '/';
  if (path === '/__stats') {
    let repeated = 0;
    for (const count of hits.values()) if (count > 1) repeated++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total, unique: hits.size, repeated }));
    return;
  }
  if (path === '/__reset' && req.method === 'POST') {
    hits.clear();
    total = 0;
    res.writeHead(204).end();
    return;
  }
  total++;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  const body = bodyFor(path);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
