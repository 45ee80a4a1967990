// Checks made on the HTTP upgrade request, before the WebSocket handshake completes:
// - Host must be a loopback name with the port we are bound to. A DNS-rebinding page reaches
//   127.0.0.1 under its own host name ("evil.example:7465"), so the Host header is what gives it away.
// - Origin must not be a web page. Browsers let any page open a WebSocket to localhost (no same-origin
//   policy on handshakes: CSWSH), and they always send the page's Origin, so refusing http(s) origins
//   stops pages. Extension origins, Firefox's "null" and origin-less clients (scripts) pass — and must
//   still authenticate, because "null" can also come from a sandboxed iframe or a data: URL.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_CATALOGUE, type ErrorCode } from '../../shared/errors.js';

const LOOPBACK_NAMES = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** True when the Host header names a loopback host with exactly the bound port. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+):(\d{1,5})$/i.exec(host.trim());
  if (!match) return false;
  return LOOPBACK_NAMES.has(match[1]!.toLowerCase()) && Number(match[2]) === port;
}

export type OriginKind = 'none' | 'null' | 'extension';

/**
 * Classifies the Origin header; null means refused. When `extensionOrigins` is given (companion.json)
 * only those extension origins pass; otherwise any chrome-extension:// or moz-extension:// origin.
 */
export function classifyOrigin(origin: string | undefined, extensionOrigins?: readonly string[]): OriginKind | null {
  if (origin === undefined || origin === '') return 'none';
  if (origin === 'null') return 'null';
  const lower = origin.toLowerCase();
  if (/^(chrome|moz)-extension:\/\/[a-z0-9._-]+$/.test(lower)) {
    if (!extensionOrigins) return 'extension';
    return extensionOrigins.some((allowed) => allowed.toLowerCase() === lower) ? 'extension' : null;
  }
  return null;
}

export type GuardResult = { ok: true; origin: OriginKind } | { ok: false; status: number; code: ErrorCode };

export function checkUpgrade(req: IncomingMessage, port: number, extensionOrigins?: readonly string[]): GuardResult {
  if (!isAllowedHost(req.headers.host, port)) return { ok: false, status: 403, code: 'ERR_AUTH_FORBIDDEN_HOST' };
  const origin = classifyOrigin(singleHeader(req.headers.origin), extensionOrigins);
  if (origin === null) return { ok: false, status: 403, code: 'ERR_AUTH_FORBIDDEN_ORIGIN' };
  return { ok: true, origin };
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function errorBody(code: ErrorCode): string {
  return JSON.stringify({ type: 'error', code, message: ERROR_CATALOGUE[code], fatal: true });
}

/** Refuses an upgrade with a plain HTTP response (no handshake happens) whose body is a coded error. */
export function refuseUpgrade(socket: Duplex, status: number, code: ErrorCode): void {
  const body = errorBody(code);
  const reason = status === 403 ? 'Forbidden' : 'Bad Request';
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Plain HTTP requests: the same Host check, then "use WebSocket". Nothing else is served. */
export function answerPlainRequest(req: IncomingMessage, res: ServerResponse, port: number): void {
  const code: ErrorCode = isAllowedHost(req.headers.host, port) ? 'ERR_PROTOCOL_INVALID' : 'ERR_AUTH_FORBIDDEN_HOST';
  res.writeHead(code === 'ERR_AUTH_FORBIDDEN_HOST' ? 403 : 426, { 'content-type': 'application/json', upgrade: 'websocket', connection: 'close' });
  res.end(code === 'ERR_AUTH_FORBIDDEN_HOST' ? errorBody(code) : JSON.stringify({ type: 'error', code, message: 'This is the Gleaner companion: connect with a WebSocket.' }));
}
