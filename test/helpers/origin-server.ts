// A local origin HTTP server for tests, on 127.0.0.1 and port 0, that counts hits per path. Routes are
// plain data (a body, a status, a redirect, a sequence of answers for retries) or a handler for
// misbehaviour (stall, cut the connection, lie about the length).
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteAnswer =
  | { status?: number; body?: Buffer | string; headers?: Record<string, string> }
  | { redirect: string; status?: number };

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, hit: number) => void;

export type Route = RouteAnswer | RouteAnswer[] | RouteHandler;

export interface OriginServer {
  url: string;
  port: number;
  /** Full URL of a path on this server. */
  at(path: string): string;
  /** Hits per path (with the query string). */
  hits(path: string): number;
  totalHits(): number;
  /** Request headers of the last hit on a path. */
  lastHeaders(path: string): http.IncomingHttpHeaders | undefined;
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

export async function startOriginServer(routes: Record<string, Route> = {}): Promise<OriginServer> {
  const table = new Map<string, Route>(Object.entries(routes));
  const hits = new Map<string, number>();
  const headers = new Map<string, http.IncomingHttpHeaders>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    headers.set(path, req.headers);
    const route = table.get(path) ?? table.get(path.split('?')[0]!);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') {
      route(req, res, hit);
      return;
    }
    const answer = Array.isArray(route) ? route[Math.min(hit - 1, route.length - 1)]! : route;
    if ('redirect' in answer) {
      res.writeHead(answer.status ?? 302, { location: answer.redirect }).end();
      return;
    }
    const body = answer.body ?? '';
    res.writeHead(answer.status ?? 200, { 'content-length': Buffer.byteLength(body), ...answer.headers });
    res.end(body);
  });
  server.keepAliveTimeout = 1000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    at: (path) => `${url}${path}`,
    hits: (path) => hits.get(path) ?? 0,
    totalHits: () => [...hits.values()].reduce((a, b) => a + b, 0),
    lastHeaders: (path) => headers.get(path),
    route: (path, route) => void table.set(path, route),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
