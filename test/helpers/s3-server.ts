// A real S3 HTTP API for tests: s3rver (objects on disk in a temp folder) behind our own http.Server on
// 127.0.0.1, port 0, so every request can be recorded (s3rver keeps metadata but not ACL headers) and
// the server can be stopped hard in the middle of a job.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

interface S3rverApp {
  configureBuckets(): Promise<void>;
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
}
type S3rverCtor = new (options: Record<string, unknown>) => S3rverApp;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverCtor;

export interface RecordedS3Request {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface S3TestServer {
  endpoint: string;
  port: number;
  bucket: string;
  directory: string;
  /** Every request received, in order. */
  requests: RecordedS3Request[];
  /** Settings that point a store at this server. */
  settings: Record<string, unknown>;
  /** Where s3rver keeps the object's bytes on disk. */
  objectFile(key: string): string;
  /** The metadata s3rver stored for the object (content-type, cache-control, x-amz-meta-*), or null. */
  metadata(key: string): Promise<Record<string, string> | null>;
  /** The stored bytes, or null. */
  object(key: string): Promise<Buffer | null>;
  /** Called before each request is handled; return true to drop the connection instead. */
  onRequest: ((request: RecordedS3Request) => boolean | void) | undefined;
  /** Stops listening and destroys open connections (a server that dies). */
  stop(): Promise<void>;
  /** stop() and remove the temp folder. */
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'test-bucket'): Promise<S3TestServer> {
  const directory = await mkdtemp(path.join(tmpdir(), 'gleaner-s3-'));
  const app = new S3rver({ directory, silent: true, configureBuckets: [{ name: bucket }], address: '127.0.0.1', port: 0 });
  await app.configureBuckets();
  const handle = app.callback();
  const requests: RecordedS3Request[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    requests.push(request);
    if (helper.onRequest?.(request) === true) {
      req.socket.destroy();
      return;
    }
    handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  let stopped = false;

  const objectFile = (key: string): string => {
    const parts = key.split('/');
    const last = parts.pop()!;
    return path.join(directory, bucket, ...parts, `${last}._S3rver_object`);
  };

  const helper: S3TestServer = {
    endpoint,
    port,
    bucket,
    directory,
    requests,
    onRequest: undefined,
    settings: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
    objectFile,
    async metadata(key) {
      const file = objectFile(key).replace(/_object$/, '_metadata.json');
      try {
        return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
      } catch {
        return null;
      }
    },
    async object(key) {
      try {
        await stat(objectFile(key));
        return await readFile(objectFile(key));
      } catch {
        return null;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async close() {
      await helper.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
  return helper;
}
