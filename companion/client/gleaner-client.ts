// The script client: connects to a running companion, authenticates, submits jobs and streams their
// events, recovers a job's results after a reconnect (job.get with paging and follow), cancels and
// lists. `gleaner submit` uses it; Node scripts can too:
//
//   const client = await GleanerClient.connect({ token: process.env.GLEANER_TOKEN });
//   const job = await client.submit([{ image_urls: ['https://example.org/a.jpg'] }], { target: 'default' });
//   for await (const event of job.events) if (event.type === 'job.item') console.log(event.item);
//   await client.close();
import WebSocket from 'ws';
import { GleanerError, ERROR_CATALOGUE, isErrorCode } from '../../shared/errors.js';
import type { ClientMessage, JobSubmitMessage } from '../../shared/protocol/client-messages.js';
import type { JobInfo } from '../../shared/protocol/common.js';
import { parseServerMessage } from '../../shared/protocol/parse.js';
import { PendingReplies } from '../../shared/protocol/pending-replies.js';
import type {
  JobDoneMessage, JobItemMessage, JobProgressMessage, JobStateMessage, PairCodeMessage, ServerMessage, WelcomeMessage,
} from '../../shared/protocol/server-messages.js';
import { DEFAULT_PORT, PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { EventQueue } from './event-queue.js';

export type JobEvent = JobProgressMessage | JobItemMessage | JobDoneMessage;

export interface ConnectOptions {
  /** Default ws://127.0.0.1:7465. */
  url?: string;
  /** A client token (from pairing, `gleaner token`, GLEANER_TOKEN or the admin token file)… */
  token?: string;
  /** …or a one-time pairing code; `client.token` then holds the new long-lived token. */
  code?: string;
  /** Shown in `gleaner clients`. */
  clientName?: string;
  /** Sent as the Origin header (tests pretend to be a browser with it). */
  origin?: string;
  /** Extra handshake headers (tests). */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface SubmitOptions {
  target?: string;
  options?: JobSubmitMessage['options'];
  label?: string;
}

export interface JobHandle {
  readonly id: string;
  /** progress, item and done events; ends after job.done. */
  readonly events: AsyncIterable<JobEvent>;
  /** Resolves with job.done. */
  readonly done: Promise<JobDoneMessage>;
}

interface TrackedJob {
  queue: EventQueue<JobEvent>;
  /** seq numbers already delivered: each item reaches the consumer once, live or from a page. */
  seen: Set<number>;
  handle: JobHandle;
  /** True while `follow` fetches older pages. */
  catchingUp: boolean;
  heldDone: JobDoneMessage | undefined;
  settle(result: JobDoneMessage | Error): void;
}

export class GleanerClient {
  private readonly pending = new PendingReplies<ServerMessage>();
  private readonly jobs = new Map<string, TrackedJob>();
  private nextId = 1;
  private closedError: GleanerError | undefined;
  welcome!: WelcomeMessage;
  /** The long-lived token issued when connecting with a pairing code. */
  token: string | undefined;
  /** Errors the server sent without a request id (fatal ones precede a close). */
  readonly unsolicitedErrors: Array<Extract<ServerMessage, { type: 'error' }>> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(data.toString());
    });
    ws.on('close', (code) => this.onClose(code));
    ws.on('error', () => undefined);
  }

  static async connect(options: ConnectOptions = {}): Promise<GleanerClient> {
    const url = options.url ?? `ws://127.0.0.1:${DEFAULT_PORT}`;
    const timeoutMs = options.timeoutMs ?? 15_000;
    const ws = new WebSocket(url, {
      handshakeTimeout: timeoutMs,
      perMessageDeflate: false,
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    await openSocket(ws);
    const client = new GleanerClient(ws);
    const hello: Extract<ClientMessage, { type: 'hello' }> = {
      type: 'hello',
      version: PROTOCOL_VERSION,
      client: options.clientName ?? 'gleaner script',
      ...(options.token !== undefined ? { token: options.token } : {}),
      ...(options.code !== undefined ? { code: options.code } : {}),
    };
    try {
      const welcome = await client.request(hello, timeoutMs);
      if (welcome.type !== 'welcome') throw new GleanerError('ERR_PROTOCOL_INVALID', `Expected welcome, got ${welcome.type}`);
      client.welcome = welcome;
      client.token = welcome.token;
      return client;
    } catch (error) {
      ws.close();
      throw error;
    }
  }

  /** Sends a request and resolves with its reply (an `error` reply rejects with a GleanerError). */
  request(message: ClientMessage, timeoutMs = 30_000): Promise<ServerMessage> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = message.id ?? `r${this.nextId++}`;
    const reply = this.pending.wait(id, timeoutMs, () => new GleanerError('ERR_PROTOCOL_CLOSED', `No reply to ${message.type} within ${timeoutMs} ms`));
    this.ws.send(JSON.stringify({ ...message, id }));
    return reply;
  }

  /** Submits items; the returned handle streams the job's events. */
  async submit(items: unknown[], options: SubmitOptions = {}): Promise<JobHandle> {
    const reply = await this.request({ type: 'job.submit', items, ...options });
    if (reply.type !== 'job.accepted') throw new GleanerError('ERR_PROTOCOL_INVALID', `Expected job.accepted, got ${reply.type}`);
    return this.track(reply.job).handle;
  }

  /** One page of a job's state and results (completion order from `from`). */
  async get(job: string, options: { from?: number; limit?: number; follow?: boolean } = {}): Promise<JobStateMessage> {
    const reply = await this.request({ type: 'job.get', job, ...options });
    if (reply.type !== 'job.state') throw new GleanerError('ERR_PROTOCOL_INVALID', `Expected job.state, got ${reply.type}`);
    return reply;
  }

  /**
   * Catches up with a job after a reconnect: every result from `from` on (paged), then — while the job
   * still runs — its live events, each item exactly once. Ends with job.done (synthesised from the job's
   * info when it had already finished).
   */
  async follow(job: string, from = 0): Promise<JobHandle> {
    const tracked = this.track(job);
    tracked.catchingUp = true;
    try {
      const emit = (state: JobStateMessage): void => {
        for (const item of state.items) this.onJobEvent({ type: 'job.item', job, ...item });
      };
      const first = await this.get(job, { from, follow: true });
      emit(first);
      let page = first;
      while (page.more) {
        page = await this.get(job, { from: page.next });
        emit(page);
      }
      tracked.catchingUp = false;
      if (tracked.heldDone) tracked.settle(tracked.heldDone);
      else if (!first.following) tracked.settle(doneFromInfo(first.info));
    } catch (error) {
      tracked.catchingUp = false;
      tracked.settle(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    return tracked.handle;
  }

  async cancel(job: string): Promise<void> {
    await this.request({ type: 'job.cancel', job });
  }

  async list(): Promise<JobInfo[]> {
    const reply = await this.request({ type: 'job.list' });
    if (reply.type !== 'job.listed') throw new GleanerError('ERR_PROTOCOL_INVALID', `Expected job.listed, got ${reply.type}`);
    return reply.jobs;
  }

  async ping(): Promise<number> {
    const reply = await this.request({ type: 'ping' });
    return reply.type === 'pong' ? reply.time : NaN;
  }

  /** Admin only: a new one-time pairing code from the daemon. */
  async createPairingCode(): Promise<PairCodeMessage> {
    const reply = await this.request({ type: 'pair.create' });
    if (reply.type !== 'pair.code') throw new GleanerError('ERR_PROTOCOL_INVALID', `Expected pair.code, got ${reply.type}`);
    return reply;
  }

  /** Resolves when the socket is closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close(1000);
    });
  }

  private track(job: string): TrackedJob {
    const existing = this.jobs.get(job);
    if (existing) return existing;
    const queue = new EventQueue<JobEvent>();
    let resolveDone!: (done: JobDoneMessage) => void;
    let rejectDone!: (error: unknown) => void;
    const done = new Promise<JobDoneMessage>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    done.catch(() => undefined);
    const tracked: TrackedJob = {
      queue,
      seen: new Set<number>(),
      handle: { id: job, events: queue, done },
      catchingUp: false,
      heldDone: undefined,
      settle: (result) => {
        if (queue.isEnded) return;
        if (result instanceof Error) {
          queue.fail(result);
          rejectDone(result);
        } else {
          queue.push(result);
          queue.end();
          resolveDone(result);
        }
        this.jobs.delete(job);
      },
    };
    this.jobs.set(job, tracked);
    return tracked;
  }

  private onJobEvent(message: JobEvent): void {
    const tracked = this.jobs.get(message.job);
    if (!tracked) return;
    if (message.type === 'job.item') {
      if (tracked.seen.has(message.seq)) return;
      tracked.seen.add(message.seq);
      tracked.queue.push(message);
    } else if (message.type === 'job.done') {
      // While older pages are still being fetched, done must wait behind them.
      if (tracked.catchingUp) tracked.heldDone = message;
      else tracked.settle(message);
    } else {
      tracked.queue.push(message);
    }
  }

  private onMessage(text: string): void {
    const parsed = parseServerMessage(text);
    if (!parsed.ok) return;
    const message = parsed.message;
    if (message.type === 'job.progress' || message.type === 'job.item' || message.type === 'job.done') {
      this.onJobEvent(message);
      return;
    }
    const re = 're' in message ? message.re : undefined;
    if (message.type === 'error') {
      const error = new GleanerError(message.code, message.message);
      if (!this.pending.reject(re, error)) {
        this.unsolicitedErrors.push(message);
        if (message.fatal) this.closedError = error;
      }
      return;
    }
    this.pending.resolve(re, message);
  }

  private onClose(code: number): void {
    const error = this.closedError ?? new GleanerError('ERR_PROTOCOL_CLOSED', `The connection closed (code ${code})`);
    this.closedError = error;
    this.pending.rejectAll(error);
    for (const entry of [...this.jobs.values()]) entry.settle(error);
  }
}

function doneFromInfo(info: JobInfo): JobDoneMessage {
  const state = info.state === 'cancelled' || info.state === 'failed' ? info.state : 'done';
  const summary = info.summary ?? { items: 0, invalid: 0, files: { downloaded: 0, uptodate: 0, cached: 0, failed: 0 }, bytes: 0, seconds: 0, cancelled: state === 'cancelled' };
  return { type: 'job.done', job: info.job, state, summary, ...(info.error ? { error: info.error } : {}) };
}

/** Waits for the socket to open, turning refusals into coded errors (a 403 body carries the code). */
function openSocket(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        let code: unknown;
        try {
          code = (JSON.parse(body) as { code?: unknown }).code;
        } catch {
          code = undefined;
        }
        ws.terminate();
        const known = isErrorCode(code) ? code : 'ERR_PROTOCOL_CONNECTION';
        reject(new GleanerError(known, `${ERROR_CATALOGUE[known]} (HTTP ${res.statusCode})`));
      });
    });
    ws.once('error', (error: NodeJS.ErrnoException) => {
      reject(new GleanerError('ERR_PROTOCOL_CONNECTION', `Cannot connect to the companion at ${ws.url}: ${error.code ?? error.message}`));
    });
  });
}
