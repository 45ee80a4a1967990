// A small Google Cloud Storage JSON API server for tests (node:http, 127.0.0.1, port 0), written from
// Google's public API documentation so the real @google-cloud/storage client can talk to it:
//   GET    /storage/v1/b/{bucket}                                 bucket resource
//   GET    /storage/v1/b/{bucket}/iam/testPermissions?permissions= granted subset
//   GET    /storage/v1/b/{bucket}/o/{object}[?alt=media]           object resource, or its bytes
//   GET    /download/storage/v1/b/{bucket}/o/{object}?alt=media    bytes (mediaLink)
//   DELETE /storage/v1/b/{bucket}/o/{object}
//   POST   /upload/storage/v1/b/{bucket}/o?uploadType=media|multipart|resumable[&name=][&predefinedAcl=]
//   PUT    <session URI>   resumable chunks with Content-Range (308 Resume Incomplete + Range), status
//                          queries (bytes */total), completion (200 + object resource); DELETE cancels.
// Objects carry generation, metageneration, size, md5Hash and crc32c (base64), etag, timeCreated,
// updated (RFC 3339), contentType, cacheControl, metadata; an md5Hash/crc32c sent with the metadata is
// checked against the bytes (400 on mismatch). Errors use Google's JSON shape. Every request is recorded.
// The JSON API paths are also accepted without /storage/v1 (STORAGE_EMULATOR_HOST without a path).
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface GcsObject {
  bucket: string;
  name: string;
  data: Buffer;
  generation: string;
  contentType: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
  /** The predefinedAcl the upload asked for (GCS applies it; we record it). */
  predefinedAcl?: string;
  uploadType: string;
  timeCreated: string;
  updated: string;
}

export interface GcsRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  bodyBytes: number;
}

interface Session {
  bucket: string;
  name: string;
  resource: Record<string, unknown>;
  predefinedAcl?: string;
  chunks: Buffer[];
  received: number;
}

export interface GcsTestServer {
  endpoint: string;
  port: number;
  objects: Map<string, GcsObject>;
  requests: GcsRequest[];
  /** Permissions testIamPermissions reports (and the server enforces for get/create). */
  permissions: Set<string>;
  object(bucket: string, name: string): GcsObject | undefined;
  setUpdated(bucket: string, name: string, when: Date): void;
  /** Called before a request is handled; return true to drop its connection. */
  onRequest: ((request: GcsRequest) => boolean | void) | undefined;
  stop(): Promise<void>;
  close(): Promise<void>;
}

const ALL_PERMISSIONS = ['storage.objects.get', 'storage.objects.create', 'storage.objects.delete', 'storage.objects.list'];

export function crc32c(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function crc32cBase64(data: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32c(data));
  return out.toString('base64');
}

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly reason: string) {
    super(message);
  }
}

export async function startGcsServer(buckets: string[] = ['test-bucket']): Promise<GcsTestServer> {
  const bucketSet = new Set(buckets);
  const objects = new Map<string, GcsObject>();
  const sessions = new Map<string, Session>();
  const requests: GcsRequest[] = [];
  const sockets = new Set<Socket>();
  let generation = 1_700_000_000_000_000;
  let endpoint = '';

  const resource = (o: GcsObject): Record<string, unknown> => {
    const encoded = encodeURIComponent(o.name);
    return {
      kind: 'storage#object',
      id: `${o.bucket}/${o.name}/${o.generation}`,
      selfLink: `${endpoint}/storage/v1/b/${o.bucket}/o/${encoded}`,
      mediaLink: `${endpoint}/download/storage/v1/b/${o.bucket}/o/${encoded}?generation=${o.generation}&alt=media`,
      name: o.name,
      bucket: o.bucket,
      generation: o.generation,
      metageneration: '1',
      contentType: o.contentType,
      storageClass: 'STANDARD',
      size: String(o.data.length),
      md5Hash: createHash('md5').update(o.data).digest('base64'),
      crc32c: crc32cBase64(o.data),
      etag: Buffer.from(o.generation).toString('base64'),
      timeCreated: o.timeCreated,
      updated: o.updated,
      timeStorageClassUpdated: o.timeCreated,
      ...(o.cacheControl !== undefined ? { cacheControl: o.cacheControl } : {}),
      ...(o.metadata !== undefined ? { metadata: o.metadata } : {}),
    };
  };

  const needBucket = (bucket: string): void => {
    if (!bucketSet.has(bucket)) throw new HttpError(404, 'The specified bucket does not exist.', 'notFound');
  };
  const needPermission = (permission: string, bucket: string): void => {
    if (!helper.permissions.has(permission)) {
      throw new HttpError(403, `gleaner-test@example.iam.gserviceaccount.com does not have ${permission} access to the Google Cloud Storage bucket ${bucket}.`, 'forbidden');
    }
  };

  /** Creates the object from uploaded bytes and the object resource the client sent. */
  const commit = (bucket: string, name: string, data: Buffer, sent: Record<string, unknown>, uploadType: string, predefinedAcl?: string): GcsObject => {
    if (!name) throw new HttpError(400, 'Required', 'required');
    const md5 = createHash('md5').update(data).digest('base64');
    if (typeof sent.md5Hash === 'string' && sent.md5Hash !== md5) {
      throw new HttpError(400, `Provided MD5 hash "${sent.md5Hash}" doesn't match calculated MD5 hash "${md5}".`, 'invalid');
    }
    if (typeof sent.crc32c === 'string' && sent.crc32c !== crc32cBase64(data)) {
      throw new HttpError(400, `Provided CRC32C "${sent.crc32c}" doesn't match calculated CRC32C "${crc32cBase64(data)}".`, 'invalid');
    }
    const now = new Date().toISOString();
    const metadata = sent.metadata && typeof sent.metadata === 'object'
      ? Object.fromEntries(Object.entries(sent.metadata as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
      : undefined;
    const object: GcsObject = {
      bucket,
      name,
      data,
      generation: String(generation++),
      contentType: typeof sent.contentType === 'string' ? sent.contentType : 'application/octet-stream',
      ...(typeof sent.cacheControl === 'string' ? { cacheControl: sent.cacheControl } : {}),
      ...(metadata ? { metadata } : {}),
      ...(predefinedAcl ? { predefinedAcl } : {}),
      uploadType,
      timeCreated: now,
      updated: now,
    };
    objects.set(`${bucket}/${name}`, object);
    return object;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, url: URL): Promise<void> => {
    const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
      const text = JSON.stringify(json);
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
      res.end(text);
    };
    let path = url.pathname;
    const upload = path.startsWith('/upload/storage/v1/');
    const download = path.startsWith('/download/storage/v1/');
    if (upload) path = path.slice('/upload/storage/v1'.length);
    else if (download) path = path.slice('/download/storage/v1'.length);
    else if (path.startsWith('/storage/v1/')) path = path.slice('/storage/v1'.length);
    const m = /^\/b\/([^/]+)(?:\/(o|iam\/testPermissions)(?:\/(.+))?)?$/.exec(path);
    if (!m) throw new HttpError(404, `Not Found: ${url.pathname}`, 'notFound');
    const bucket = decodeURIComponent(m[1]!);
    const what = m[2];
    const objectName = m[3] !== undefined ? decodeURIComponent(m[3]) : undefined;
    needBucket(bucket);
    const method = req.method ?? 'GET';

    if (!what && method === 'GET') {
      return send(200, { kind: 'storage#bucket', id: bucket, name: bucket, location: 'US', storageClass: 'STANDARD', metageneration: '1' });
    }
    if (what === 'iam/testPermissions' && method === 'GET') {
      const granted = url.searchParams.getAll('permissions').filter((p) => helper.permissions.has(p));
      return send(200, { kind: 'storage#testIamPermissionsResponse', ...(granted.length ? { permissions: granted } : {}) });
    }
    if (what !== 'o') throw new HttpError(404, 'Not Found', 'notFound');

    if (upload) {
      needPermission('storage.objects.create', bucket);
      const uploadId = url.searchParams.get('upload_id');
      if (uploadId !== null) return resumableChunk(req, res, body, uploadId, send);
      const uploadType = url.searchParams.get('uploadType') ?? '';
      const predefinedAcl = url.searchParams.get('predefinedAcl') ?? undefined;
      if (method !== 'POST') throw new HttpError(405, 'Method not allowed', 'methodNotAllowed');
      if (uploadType === 'media') {
        const name = url.searchParams.get('name') ?? '';
        const object = commit(bucket, name, body, { contentType: req.headers['content-type'] }, 'media', predefinedAcl);
        return send(200, resource(object));
      }
      if (uploadType === 'multipart') {
        const [metaPart, mediaPart] = parseMultipart(req.headers['content-type'] ?? '', body);
        const sent = JSON.parse(metaPart!.body.toString('utf8') || '{}') as Record<string, unknown>;
        if (sent.contentType === undefined && mediaPart!.contentType) sent.contentType = mediaPart!.contentType;
        const name = url.searchParams.get('name') ?? (typeof sent.name === 'string' ? sent.name : '');
        const object = commit(bucket, name, mediaPart!.body, sent, 'multipart', predefinedAcl);
        return send(200, resource(object));
      }
      if (uploadType === 'resumable') {
        const sent = (body.length ? JSON.parse(body.toString('utf8')) : {}) as Record<string, unknown>;
        const typeHeader = req.headers['x-upload-content-type'];
        if (sent.contentType === undefined && typeof typeHeader === 'string') sent.contentType = typeHeader;
        const name = url.searchParams.get('name') ?? (typeof sent.name === 'string' ? sent.name : '');
        if (!name) throw new HttpError(400, 'Required', 'required');
        const id = randomBytes(16).toString('hex');
        sessions.set(id, { bucket, name, resource: sent, ...(predefinedAcl ? { predefinedAcl } : {}), chunks: [], received: 0 });
        const location = `${endpoint}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${id}`;
        res.writeHead(200, { location, 'content-length': 0 });
        return void res.end();
      }
      throw new HttpError(400, `Invalid upload type: ${uploadType}`, 'invalid');
    }

    if (objectName === undefined) throw new HttpError(405, 'Listing objects is outside what this test server serves', 'methodNotAllowed');
    const object = objects.get(`${bucket}/${objectName}`);
    if (method === 'DELETE') {
      needPermission('storage.objects.delete', bucket);
      if (!object) throw new HttpError(404, `No such object: ${bucket}/${objectName}`, 'notFound');
      objects.delete(`${bucket}/${objectName}`);
      res.writeHead(204);
      return void res.end();
    }
    if (method !== 'GET') throw new HttpError(405, 'Method not allowed', 'methodNotAllowed');
    needPermission('storage.objects.get', bucket);
    if (!object) throw new HttpError(404, `No such object: ${bucket}/${objectName}`, 'notFound');
    if (download || url.searchParams.get('alt') === 'media') {
      res.writeHead(200, {
        'content-type': object.contentType,
        'content-length': object.data.length,
        'x-goog-generation': object.generation,
        'x-goog-hash': `crc32c=${crc32cBase64(object.data)},md5=${createHash('md5').update(object.data).digest('base64')}`,
        'x-goog-stored-content-length': object.data.length,
      });
      return void res.end(object.data);
    }
    return send(200, resource(object));
  };

  const resumableChunk = (
    req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, id: string, send: (s: number, j: unknown, h?: Record<string, string>) => void,
  ): void => {
    const session = sessions.get(id);
    if (!session) throw new HttpError(404, 'No such upload session', 'notFound');
    if (req.method === 'DELETE') {
      sessions.delete(id);
      res.writeHead(499, { 'content-length': 0 });
      return void res.end();
    }
    if (req.method !== 'PUT' && req.method !== 'POST') throw new HttpError(405, 'Method not allowed', 'methodNotAllowed');
    const range = String(req.headers['content-range'] ?? `bytes 0-${body.length - 1}/${body.length}`);
    const m = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+|\*)$/.exec(range);
    if (!m) throw new HttpError(400, `Invalid Content-Range: ${range}`, 'invalid');
    const total = m[3] === '*' ? undefined : Number(m[3]);
    if (m[1] !== undefined) {
      const start = Number(m[1]);
      const end = Number(m[2]);
      if (end - start + 1 !== body.length) throw new HttpError(400, 'Content-Range does not match the body length', 'invalid');
      if (start > session.received) throw new HttpError(400, `Expected data from byte ${session.received}, got ${start}`, 'invalid');
      const fresh = body.subarray(session.received - start);
      session.chunks.push(fresh);
      session.received += fresh.length;
    }
    if (total !== undefined && session.received >= total) {
      if (session.received !== total) throw new HttpError(400, 'More data than the declared total', 'invalid');
      sessions.delete(id);
      const object = commit(session.bucket, session.name, Buffer.concat(session.chunks), session.resource, 'resumable', session.predefinedAcl);
      return send(200, resource(object));
    }
    const headers: Record<string, string> = { 'content-length': '0' };
    if (session.received > 0) headers.range = `bytes=0-${session.received - 1}`;
    res.writeHead(308, headers);
    res.end();
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined);
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', endpoint);
      const request: GcsRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, bodyBytes: body.length };
      requests.push(request);
      if (helper.onRequest?.(request) === true) {
        req.socket.destroy();
        return;
      }
      handle(req, res, body, url).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const reason = error instanceof HttpError ? error.reason : 'backendError';
        const message = error instanceof Error ? error.message : String(error);
        if (res.headersSent) return void res.destroy();
        const text = JSON.stringify({ error: { code: status, message, errors: [{ message, domain: 'global', reason }] } });
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  endpoint = `http://127.0.0.1:${port}`;
  let stopped = false;

  const helper: GcsTestServer = {
    endpoint,
    port,
    objects,
    requests,
    permissions: new Set(ALL_PERMISSIONS),
    onRequest: undefined,
    object: (bucket, name) => objects.get(`${bucket}/${name}`),
    setUpdated(bucket, name, when) {
      const object = objects.get(`${bucket}/${name}`);
      if (!object) throw new Error(`no object ${bucket}/${name}`);
      object.updated = when.toISOString();
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
    },
  };
  return helper;
}

interface Part {
  contentType: string | undefined;
  body: Buffer;
}

/** Parses a multipart/related body (RFC 2387) into its parts. */
function parseMultipart(contentType: string, body: Buffer): Part[] {
  const m = /boundary="?([^";]+)"?/i.exec(contentType);
  if (!/^multipart\/related/i.test(contentType) || !m) throw new HttpError(400, 'Expected multipart/related', 'invalid');
  const delimiter = Buffer.from(`--${m[1]}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    let start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    let end = next;
    if (body.subarray(end - 2, end).toString() === '\r\n') end -= 2;
    const part = body.subarray(start, end);
    const split = part.indexOf('\r\n\r\n');
    const head = split >= 0 ? part.subarray(0, split).toString('latin1') : '';
    const typeMatch = /^content-type:\s*(.+)$/im.exec(head);
    parts.push({ contentType: typeMatch?.[1]?.trim(), body: split >= 0 ? part.subarray(split + 4) : part });
    at = next;
  }
  if (parts.length !== 2) throw new HttpError(400, `Expected 2 parts in the multipart body, got ${parts.length}`, 'invalid');
  return parts;
}
