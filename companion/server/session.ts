// One WebSocket connection: frame checks (text only, size), a per-connection queue so requests are
// answered in order and a flood is refused rather than buffered, the hello deadline, and delivery of
// job events with back-pressure (progress is skipped for a client that is behind; a client too far
// behind is disconnected and catches up later with job.get, since results are kept).
import { randomBytes } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { ERROR_CATALOGUE, toGleanerError, type ErrorCode } from '../../shared/errors.js';
import { parseClientMessage } from '../../shared/protocol/parse.js';
import type { ServerMessage } from '../../shared/protocol/server-messages.js';
import type { Logger } from '../log.js';
import type { ClientInfo } from './auth/client-registry.js';
import type { DaemonContext } from './daemon-context.js';
import { handleHello } from './hello-handler.js';
import type { JobFollower } from './job-record.js';
import { jsonDepthExceeds } from './json-depth.js';
import { handleRequest } from './request-handlers.js';
import type { ConnectionInfo } from './ws-server.js';

const PRE_AUTH_MAX_BYTES = 16 * 1024;

export const CLOSE = { normal: 1000, goingAway: 1001, policy: 1008, tooBig: 1009, tryLater: 1013 } as const;

export interface ErrorOptions {
  re?: string | undefined;
  job?: string | undefined;
  fatal?: boolean;
}

export class Session implements JobFollower {
  readonly id = `s_${randomBytes(4).toString('hex')}`;
  readonly logger: Logger;
  client: ClientInfo | undefined;
  private closing = false;
  private pending = 0;
  private chain: Promise<void> = Promise.resolve();
  private helloTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly ws: WebSocket,
    readonly info: ConnectionInfo,
    readonly ctx: DaemonContext,
  ) {
    this.logger = ctx.logger.child({ conn: this.id, remote: info.remote });
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('error', (error) => this.logger.debug({ err: error.message }, 'Socket error'));
    ws.on('close', () => this.onClose());
    if (info.overLimit) {
      this.logger.warn({ max: ctx.limits.maxConnections }, 'Too many connections');
      this.fail('ERR_PROTOCOL_TOO_MANY_CONNECTIONS', `At most ${ctx.limits.maxConnections} connections are allowed`, { fatal: true });
      return;
    }
    this.helloTimer = setTimeout(() => {
      if (!this.client) this.fail('ERR_PROTOCOL_TIMEOUT', undefined, { fatal: true });
    }, ctx.limits.helloTimeoutMs);
    this.logger.debug({ origin: info.origin }, 'Connection opened');
  }

  get isAdmin(): boolean {
    return this.client?.kind === 'admin';
  }

  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === this.ws.OPEN;
  }

  /** Sends a message; false when the connection is gone or was dropped for not reading. */
  send(message: ServerMessage): boolean {
    if (!this.isOpen) return false;
    if (this.ws.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
      this.logger.warn({ buffered: this.ws.bufferedAmount }, 'Client reads too slowly; closing');
      this.closeWith('ERR_PROTOCOL_SLOW_CONSUMER', CLOSE.tryLater);
      return false;
    }
    this.ws.send(JSON.stringify(message));
    return true;
  }

  /** JobFollower: job events. Progress is lossy (the next one carries the latest state), so it is skipped when the client is behind. */
  deliver(message: ServerMessage, kind: 'progress' | 'item' | 'done'): void {
    if (kind === 'progress' && this.ws.bufferedAmount > this.ctx.limits.maxBufferedBytes / 4) return;
    this.send(message);
  }

  fail(code: ErrorCode, message?: string, options: ErrorOptions = {}): void {
    const error: ServerMessage = { type: 'error', code, message: message ?? ERROR_CATALOGUE[code] };
    if (options.re !== undefined) error.re = options.re;
    if (options.job !== undefined) error.job = options.job;
    if (options.fatal) error.fatal = true;
    this.send(error);
    if (options.fatal) this.close(closeCodeFor(code));
  }

  closeWith(code: ErrorCode, closeCode: number): void {
    if (this.closing) return;
    if (this.ws.readyState === this.ws.OPEN) {
      this.ws.send(JSON.stringify({ type: 'error', code, message: ERROR_CATALOGUE[code], fatal: true }));
    }
    this.close(closeCode);
  }

  close(code: number = CLOSE.normal): void {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.helloTimer);
    this.ws.close(code);
    // A peer that never answers the close frame must not keep the socket.
    setTimeout(() => this.ws.terminate(), 5000).unref();
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) {
      this.fail('ERR_PROTOCOL_MALFORMED', 'Binary frames are not accepted; send JSON text frames');
      return;
    }
    // Before authentication only hello and ping make sense, and both are tiny.
    const limit = this.client ? this.ctx.limits.maxMessageBytes : Math.min(PRE_AUTH_MAX_BYTES, this.ctx.limits.maxMessageBytes);
    if (bytes.length > limit) {
      this.logger.warn({ bytes: bytes.length }, 'Message too large');
      this.fail('ERR_PROTOCOL_TOO_LARGE', `The message has ${bytes.length} bytes; the limit is ${limit}${this.client ? '' : ' before hello'}`);
      return;
    }
    if (this.pending >= this.ctx.limits.maxPendingMessages) {
      this.fail('ERR_PROTOCOL_RATE_LIMITED', undefined);
      return;
    }
    this.pending++;
    const text = bytes.toString('utf8');
    this.chain = this.chain
      .then(() => this.handle(text))
      .catch((error: unknown) => {
        const failure = toGleanerError(error);
        this.logger.error({ code: failure.code, err: failure.message }, 'Request failed');
        this.fail(failure.code, failure.message);
      })
      .finally(() => {
        this.pending--;
      });
  }

  private async handle(text: string): Promise<void> {
    if (this.closing) return;
    // JSON.parse copes with any depth, but every JSON.stringify of the value later (journal, replies)
    // would overflow the stack: refuse deep nesting before parsing.
    const depth = jsonDepthExceeds(text, this.ctx.limits.maxJsonDepth);
    if (depth) {
      this.logger.warn({ bytes: text.length }, 'Message nested too deeply');
      this.fail('ERR_PROTOCOL_TOO_DEEP', `The message nests arrays or objects deeper than ${this.ctx.limits.maxJsonDepth} levels`);
      return;
    }
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      this.fail(parsed.code, parsed.message, { re: parsed.re });
      return;
    }
    const message = parsed.message;
    if (message.type === 'ping') {
      this.send({ type: 'pong', time: Date.now(), ...(message.id ? { re: message.id } : {}) });
      return;
    }
    if (message.type === 'hello') {
      if (this.client) {
        this.fail('ERR_PROTOCOL_INVALID', 'Already authenticated on this connection', { re: message.id });
        return;
      }
      const client = await handleHello(this, message);
      if (client) clearTimeout(this.helloTimer);
      return;
    }
    if (!this.client) {
      this.fail('ERR_PROTOCOL_NOT_READY', undefined, { re: message.id });
      return;
    }
    if (!this.ctx.clients.activeIds().has(this.client.id)) {
      this.revoked();
      return;
    }
    await handleRequest(this, message);
  }

  /** The client's token was revoked while connected. */
  revoked(): void {
    this.logger.info({ client: this.client?.id }, 'Client revoked; closing its connection');
    this.closeWith('ERR_AUTH_INVALID_TOKEN', CLOSE.policy);
  }

  private onClose(): void {
    this.closing = true;
    clearTimeout(this.helloTimer);
    this.ctx.jobs.unfollowAll(this);
    this.logger.debug({ client: this.client?.id }, 'Connection closed');
  }
}

function closeCodeFor(code: ErrorCode): number {
  if (code === 'ERR_PROTOCOL_SHUTTING_DOWN') return CLOSE.goingAway;
  if (code === 'ERR_PROTOCOL_TOO_MANY_CONNECTIONS' || code === 'ERR_AUTH_RATE_LIMITED' || code === 'ERR_PROTOCOL_SLOW_CONSUMER') return CLOSE.tryLater;
  return CLOSE.policy;
}
