// The listening side: one node:http server per loopback address (127.0.0.1 and ::1) sharing one
// WebSocketServer in noServer mode, so every upgrade passes through our checks (http-guard.ts)
// before `handleUpgrade` completes the handshake. Nothing is listened on beyond loopback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { GleanerError } from '../../shared/errors.js';
import type { Logger } from '../log.js';
import { answerPlainRequest, checkUpgrade, refuseUpgrade, type OriginKind } from './http-guard.js';
import type { Limits } from './limits.js';

export interface ConnectionInfo {
  remote: string;
  origin: OriginKind;
  /** Set when the connection exceeds maxConnections: the session answers with the coded error and closes. */
  overLimit: boolean;
}

export interface WsServerOptions {
  /** Loopback addresses to bind; the first decides the port when `port` is 0. */
  hosts?: readonly string[];
  port: number;
  limits: Limits;
  extensionOrigins?: readonly string[] | undefined;
  logger: Logger;
  onConnection(ws: WebSocket, req: IncomingMessage, info: ConnectionInfo): void;
}

export interface WsServer {
  readonly port: number;
  /** ws:// URLs actually listened on. */
  readonly urls: readonly string[];
  readonly wss: WebSocketServer;
  /** Stops accepting new connections (existing ones stay open). */
  stopListening(): Promise<void>;
}

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startWsServer(options: WsServerOptions): Promise<WsServer> {
  const { limits, logger } = options;
  const hosts = options.hosts ?? LOOPBACK_HOSTS;
  // Frames up to twice the message limit are read so the oversize can be answered with a coded error
  // and the connection kept; beyond that ws closes the socket with 1009 before buffering more.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes * 2, perMessageDeflate: false });
  let port = options.port;
  const servers: http.Server[] = [];
  const urls: string[] = [];

  const makeServer = (): http.Server => {
    const server = http.createServer((req, res) => answerPlainRequest(req, res, port));
    server.on('upgrade', (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      const verdict = checkUpgrade(req, port, options.extensionOrigins);
      const remote = req.socket.remoteAddress ?? 'unknown';
      if (!verdict.ok) {
        logger.warn({ remote, code: verdict.code, host: req.headers.host, origin: req.headers.origin }, 'Refused a WebSocket upgrade');
        refuseUpgrade(socket, verdict.status, verdict.code);
        return;
      }
      const overLimit = wss.clients.size >= limits.maxConnections;
      wss.handleUpgrade(req, socket, head, (ws) => {
        options.onConnection(ws, req, { remote, origin: verdict.origin, overLimit });
      });
    });
    // Slow or idle plain HTTP clients must not pin sockets.
    server.headersTimeout = 10_000;
    server.requestTimeout = 10_000;
    return server;
  };

  for (const [i, host] of hosts.entries()) {
    const server = makeServer();
    try {
      port = await listen(server, host, port);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ::1 is missing on hosts without IPv6; 127.0.0.1 alone is fine then.
      if (i > 0 && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) {
        logger.warn({ host, code }, 'Loopback address not available; not listening on it');
        continue;
      }
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      if (code === 'EADDRINUSE') {
        throw new GleanerError('ERR_CONFIG_INVALID', `Port ${port} on ${host} is in use (is another gleaner serve running? choose one with --port)`);
      }
      throw error;
    }
    servers.push(server);
    urls.push(`ws://${host.includes(':') ? `[${host}]` : host}:${port}`);
  }

  return {
    get port() {
      return port;
    },
    urls,
    wss,
    async stopListening() {
      // close() stops accepting at once, but its callback waits for every socket, upgraded WebSockets
      // included; those are closed by the sessions, so do not wait here.
      for (const server of servers) {
        server.close();
        server.closeIdleConnections();
      }
    },
  };
}
