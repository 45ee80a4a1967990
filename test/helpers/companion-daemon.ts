// Starts the real companion daemon in-process on 127.0.0.1, port 0, with a temporary home, and gives
// tests raw WebSocket clients (the `ws` package, as any script would use) plus the captured log lines.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import WebSocket from 'ws';
import { startDaemon, type Daemon, type DaemonOptions } from '../../companion/daemon/daemon.js';
import { readAdminToken } from '../../companion/server/auth/admin-token.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';

export interface TestContext {
  after(fn: () => Promise<void> | void): void;
}

export interface TestDaemon {
  daemon: Daemon;
  home: string;
  url: string;
  port: number;
  adminToken: string;
  /** Every log line so far, parsed. */
  logs(): Array<Record<string, unknown>>;
  logText(): string;
  close(): Promise<void>;
}

export interface TestDaemonOptions extends Omit<DaemonOptions, 'home' | 'port' | 'logger'> {
  /** Written as companion.json before the daemon starts. */
  config?: Record<string, unknown>;
  home?: string;
}

/** Fast backoff and short timeouts so tests do not sit in deliberate delays. */
export const TEST_LIMITS = { authBackoffBaseMs: 0, helloTimeoutMs: 5000, progressIntervalMs: 50, shutdownGraceMs: 2000 };

export async function tempHome(t: TestContext): Promise<string> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'gleaner-home-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  return home;
}

export async function startTestDaemon(t: TestContext, options: TestDaemonOptions = {}): Promise<TestDaemon> {
  const home = options.home ?? (await tempHome(t));
  if (options.config) {
    await mkdir(path.join(home, 'config'), { recursive: true });
    await writeFile(path.join(home, 'config', 'companion.json'), JSON.stringify(options.config));
  }
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'debug', base: undefined }, sink);
  const { config: _config, home: _home, ...rest } = options;
  const daemon = await startDaemon({
    hosts: ['127.0.0.1'],
    env: {},
    ...rest,
    limits: { ...TEST_LIMITS, ...options.limits },
    home,
    port: 0,
    logger,
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await daemon.close();
  };
  t.after(close);
  return {
    daemon,
    home,
    url: `ws://127.0.0.1:${daemon.port}`,
    port: daemon.port,
    adminToken: (await readAdminToken(daemon.dirs))!,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    logText: () => lines.join('\n'),
    close,
  };
}

/** A raw client: send anything, read replies in order. */
export interface RawSocket {
  ws: WebSocket;
  send(message: unknown): void;
  /** The next message (JSON-parsed), or rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Record<string, any>>;
  /** Next message of a given type, skipping others (job events). */
  nextOfType(type: string, timeoutMs?: number): Promise<Record<string, any>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function rawSocket(url: string, options: { origin?: string; headers?: Record<string, string> } = {}): Promise<RawSocket> {
  const ws = new WebSocket(url, { ...(options.origin ? { origin: options.origin } : {}), headers: options.headers ?? {}, perMessageDeflate: false });
  const inbox: Array<Record<string, any>> = [];
  const waiters: Array<(m: Record<string, any>) => void> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, any>;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => undefined);
  await once(ws, 'open');
  const next = (timeoutMs = 5000): Promise<Record<string, any>> => {
    const queued = inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = waiters.indexOf(waiter);
        if (i !== -1) waiters.splice(i, 1);
        reject(new Error(`No message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (m: Record<string, any>): void => {
        clearTimeout(timer);
        resolve(m);
      };
      waiters.push(waiter);
    });
  };
  return {
    ws,
    send: (message) => ws.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message)),
    next,
    async nextOfType(type, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = await next(Math.max(1, deadline - Date.now()));
        if (message.type === type) return message;
      }
    },
    closed,
    async close() {
      if (ws.readyState !== WebSocket.CLOSED) {
        ws.close();
        await closed;
      }
    },
  };
}

/** Connects and authenticates; fails the test unless the reply is welcome. */
export async function authed(url: string, token: string, options: { origin?: string; client?: string } = {}): Promise<RawSocket & { welcome: Record<string, any> }> {
  const socket = await rawSocket(url, options);
  socket.send({ type: 'hello', id: 'h', version: PROTOCOL_VERSION, client: options.client ?? 'test', token });
  const welcome = await socket.next();
  if (welcome.type !== 'welcome') throw new Error(`Expected welcome, got ${JSON.stringify(welcome)}`);
  return Object.assign(socket, { welcome });
}

/** Sends a WebSocket upgrade with chosen Host/Origin headers and reports what came back, without the ws client's own checks. */
export function tryUpgrade(port: number, headers: Record<string, string | undefined>): Promise<{ upgraded: boolean; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const all: Record<string, string> = {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': randomBytes(16).toString('base64'),
      host: `127.0.0.1:${port}`,
    };
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) delete all[name];
      else all[name] = value;
    }
    const req = http.request({ host: '127.0.0.1', port, path: '/', headers: all, setHost: false });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ upgraded: true, status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ upgraded: false, status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
