// The corpus's static HTTP server. The benchmark runs it as its own child process
// (`node --import tsx test/bench/server.ts ROOT`), so the CPU and memory spent serving are never
// counted against the tool being measured. It listens on 127.0.0.1, port 0, prints {"port":N} on
// stdout once listening, and exits when its standard input closes, so it cannot outlive the bench.
//
// It does as little as a static server can: stat, headers with an exact Content-Length, and a file
// stream with a large read buffer. Connections are kept alive (every tool here reuses them), and there
// is no compression, range support or caching logic that could favour one client over another.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp',
  '.json': 'application/json', '.pdf': 'application/pdf', '.zip': 'application/zip', '.txt': 'text/plain',
  '.csv': 'text/csv', '.mp3': 'audio/mpeg', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const root = path.resolve(process.argv[2] ?? '.');

const server = http.createServer(async (req, res) => {
  const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0]!);
  const file = path.join(root, path.normalize(urlPath));
  if (!file.startsWith(`${root}${path.sep}`) || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 404 : 405).end();
    return;
  }
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    res.writeHead(404, { 'content-length': 0 }).end();
    return;
  }
  res.writeHead(200, {
    'content-length': size,
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
});

// Keep idle connections long enough that no client ever has to reconnect between two files.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 130_000;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
