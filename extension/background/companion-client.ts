// The WebSocket client: the extension's only connection to the companion. It says hello with the
// stored token, keeps the socket alive with pings (an MV3 service worker with an active WebSocket is kept
// running as long as messages flow), reconnects with capped exponential backoff, and reports why it is
// not connected in words the popup can show. It knows nothing about jobs: job-sync.ts does.
import {
  PROTOCOL_VERSION, parseServerMessage, type ClientMessage, type ServerMessage, type WelcomeMessage,
} from '../../shared/protocol/index.js';
import { PendingReplies } from '../../shared/protocol/pending-replies.js';
import type { StatusView } from '../view-types.js';
import { websocketUrl } from '../settings.js';
import { describeAuthError } from './status-messages.js';

export interface ClientConfig {
  address: string;
  token?: string | undefined;
}

export interface ClientHooks {
  config(): Promise<ClientConfig>;
  status(status: StatusView): void;
  welcome(welcome: WelcomeMessage): void;
  message(message: ServerMessage): void;
  /** The companion rejected the token: the caller forgets it. */
  tokenRejected(): void;
}

export interface ClientTiming {
  pingMs: number;
  /** No message at all for this long means the connection is dead. */
  silenceMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  helloTimeoutMs: number;
}

export const DEFAULT_TIMING: ClientTiming = { pingMs: 20_000, silenceMs: 45_000, backoffBaseMs: 1_000, backoffMaxMs: 30_000, helloTimeoutMs: 10_000 };

type Send = ClientMessage;

export const CLIENT_NAME = typeof navigator !== 'undefined' && /firefox/i.test(navigator.userAgent) ? 'Firefox extension' : 'Chromium extension';

export class CompanionClient {
  private socket: WebSocket | undefined;
  private ready = false;
  private wanted = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private current: StatusView;
  /** Incremented on every status change, so a caller can wait for the outcome of a restart. */
  statusVersion = 0;
  private readonly pendingReplies = new PendingReplies<ServerMessage>();
  private nextId = 1;

  constructor(
    private readonly hooks: ClientHooks,
    private readonly timing: ClientTiming = DEFAULT_TIMING,
    private readonly WebSocketImpl: typeof WebSocket = WebSocket,
  ) {
    this.current = { state: 'unreachable', message: 'Not connected yet.', address: '', paired: false, targets: [] };
  }

  get status(): StatusView {
    return this.current;
  }

  get connected(): boolean {
    return this.ready;
  }

  /** Keep a connection open (true) or let it close when idle (false). */
  setWanted(wanted: boolean): void {
    this.wanted = wanted;
    if (wanted) void this.connect();
  }

  /** Drops the connection and connects again with fresh settings (address or token changed). */
  restart(): void {
    this.attempt = 0;
    this.close();
    if (this.wanted) void this.connect();
  }

  /** Sends when connected; returns false otherwise (the caller keeps the work for later). */
  send(message: Send): boolean {
    if (!this.ready || !this.socket) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Sends with a fresh id and resolves with the reply that carries it in `re`. */
  request(message: Send, timeoutMs = 30_000): Promise<ServerMessage> {
    const id = `r${this.nextId++}`;
    const reply = this.pendingReplies.wait(id, timeoutMs, () => new Error('The companion did not answer in time.'));
    if (!this.send({ ...message, id })) this.pendingReplies.reject(id, new Error(this.current.message));
    return reply;
  }

  private async connect(): Promise<void> {
    if (this.socket || this.reconnectTimer) return;
    const config = await this.hooks.config();
    if (this.socket) return;
    if (!config.token) {
      this.setStatus({
        state: 'unpaired',
        message: 'Not paired with the companion. Open Gleaner’s options and enter the code that `gleaner pair` shows.',
        address: config.address,
        paired: false,
        targets: [],
      });
      return;
    }
    this.setStatus({ state: 'connecting', message: `Connecting to the companion at ${config.address}…`, address: config.address, paired: true, targets: [] });
    let socket: WebSocket;
    try {
      socket = new this.WebSocketImpl(websocketUrl(config.address));
    } catch (error) {
      this.unreachable(config.address, error);
      return;
    }
    this.socket = socket;
    const helloTimer = setTimeout(() => socket.close(), this.timing.helloTimeoutMs);
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'hello', id: 'hello', version: PROTOCOL_VERSION, client: CLIENT_NAME, token: config.token }));
    };
    socket.onmessage = (event) => {
      this.lastHeard = Date.now();
      const parsed = parseServerMessage(String(event.data));
      if (!parsed.ok) return; // A message this version cannot read is skipped, not fatal.
      const message = parsed.message;
      if (!this.ready) {
        clearTimeout(helloTimer);
        this.onHelloReply(message, config.address);
        return;
      }
      const re = 're' in message ? message.re : undefined;
      this.pendingReplies.resolve(re, message);
      this.hooks.message(message);
    };
    socket.onclose = (event) => {
      clearTimeout(helloTimer);
      if (this.socket !== socket) return;
      const wasReady = this.ready;
      this.socket = undefined;
      this.ready = false;
      this.stopPing();
      this.pendingReplies.rejectAll(new Error('The connection to the companion closed before it answered.'));
      if (this.current.state === 'unpaired') return;
      if (this.current.state === 'refused') {
        // Keep the refusal on screen, but try again later (a rate limit passes, a companion gets updated).
        this.scheduleReconnect();
        return;
      }
      if (wasReady) this.attempt = 0;
      this.unreachable(config.address, event.reason || undefined);
    };
    socket.onerror = () => {
      // onclose follows and carries the handling; browsers give no detail on WebSocket errors.
    };
  }

  private onHelloReply(message: ServerMessage, address: string): void {
    if (message.type === 'welcome') {
      this.ready = true;
      this.attempt = 0;
      this.startPing();
      this.setStatus({
        state: 'connected',
        message: `Connected to the companion ${message.server} at ${address}.`,
        address,
        paired: true,
        server: message.server,
        targets: message.targets,
      });
      this.hooks.welcome(message);
      return;
    }
    if (message.type === 'error') {
      const described = describeAuthError(message.code, message.message, address);
      if (described.forgetToken) this.hooks.tokenRejected();
      this.setStatus({ ...described.status, code: message.code, targets: [] });
      this.socket?.close();
    }
  }

  private unreachable(address: string, reason: unknown): void {
    const detail = typeof reason === 'string' && reason ? ` (${reason})` : '';
    this.setStatus({
      state: 'unreachable',
      message: `The companion is not reachable at ${address}${detail}. Start it with \`gleaner serve\`; what you collect waits here and is sent when it is back.`,
      address,
      paired: true,
      targets: [],
    });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.wanted || this.reconnectTimer) return;
    const delay = Math.min(this.timing.backoffMaxMs, this.timing.backoffBaseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 20);
    // Jitter keeps many browsers from hammering a restarted companion in step.
    const jittered = delay / 2 + Math.random() * (delay / 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.wanted) void this.connect();
    }, jittered);
  }

  /** Attempts to connect now (an alarm fired, the popup opened) instead of waiting for the backoff. */
  poke(): void {
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
    }
    if (this.wanted) void this.connect();
  }

  private startPing(): void {
    this.stopPing();
    this.lastHeard = Date.now();
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > this.timing.silenceMs) {
        this.socket?.close();
        return;
      }
      if (!this.wanted && this.pendingReplies.size === 0) {
        // Nobody needs the connection: let it go, so the service worker can be suspended.
        this.close();
        return;
      }
      this.send({ type: 'ping' });
    }, this.timing.pingMs);
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  private close(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.stopPing();
    const socket = this.socket;
    this.socket = undefined;
    this.ready = false;
    socket?.close();
  }

  private setStatus(status: StatusView): void {
    this.current = status;
    this.statusVersion++;
    this.hooks.status(status);
  }
}
