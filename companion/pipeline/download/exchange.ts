// One HTTP GET on undici's dispatcher, with the body delivered chunk by chunk to a callback instead of
// through a Readable stream. A stream costs several function calls and event emissions per 64 KiB
// chunk on the event loop; for a gigabyte that was a second of CPU. Flow control is explicit: the
// consumer pauses and resumes the connection.
import type { IncomingHttpHeaders } from 'node:http';
import type { Agent, Dispatcher } from 'undici';

export interface BodyConsumer {
  data(chunk: Buffer): void;
  end(): void;
  error(error: Error): void;
}

export interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: ResponseBody;
}

export interface ResponseBody {
  /** Starts delivery (chunks that arrived with the headers come first). */
  consume(consumer: BodyConsumer): void;
  pause(): void;
  resume(): void;
  /** Closes the connection; the consumer, if any, gets `error(reason)`. */
  abort(reason: Error): void;
  /** Reads a small unwanted body to the end so the connection is reused; a large one is dropped. */
  discard(): Promise<void>;
}

const DISCARD_LIMIT = 128 * 1024;

class Exchange implements Dispatcher.DispatchHandler, ResponseBody {
  private controller: Dispatcher.DispatchController | undefined;
  private consumer: BodyConsumer | undefined;
  private early: Buffer[] = [];
  private ended = false;
  private failure: Error | undefined;
  private responded = false;
  private pendingAbort: Error | undefined;

  constructor(
    private readonly resolve: (response: Response) => void,
    private readonly reject: (error: Error) => void,
    private readonly detach: () => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.pendingAbort) controller.abort(this.pendingAbort);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    if (status < 200) return; // 1xx: informational, the real response follows
    this.responded = true;
    this.resolve({ status, headers, body: this });
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.consumer) this.consumer.data(chunk);
    else this.early.push(chunk);
  }

  onResponseEnd(): void {
    this.ended = true;
    this.detach();
    this.consumer?.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.detach();
    if (!this.responded) {
      this.reject(error);
      return;
    }
    this.failure = error;
    this.consumer?.error(error);
  }

  consume(consumer: BodyConsumer): void {
    this.consumer = consumer;
    const early = this.early;
    this.early = [];
    for (const chunk of early) consumer.data(chunk);
    if (this.failure) consumer.error(this.failure);
    else if (this.ended) consumer.end();
  }

  pause(): void {
    this.controller?.pause();
  }

  resume(): void {
    this.controller?.resume();
  }

  abort(reason: Error): void {
    if (this.ended || this.failure) return;
    if (this.controller) this.controller.abort(reason);
    else this.pendingAbort = reason;
  }

  discard(): Promise<void> {
    return new Promise((resolve) => {
      let size = 0;
      this.consume({
        data: (chunk) => {
          size += chunk.length;
          if (size > DISCARD_LIMIT) this.abort(new Error('Unwanted body dropped'));
        },
        end: () => resolve(),
        error: () => resolve(),
      });
    });
  }
}

/** Sends a GET and resolves with the status and headers; the body follows through `response.body`. */
export function get(agent: Agent, url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => exchange.abort(signal!.reason instanceof Error ? signal!.reason : new Error('Aborted'));
    const detach = (): void => signal?.removeEventListener('abort', onAbort);
    const exchange: Exchange = new Exchange(resolve, reject, detach);
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('Aborted'));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    agent.dispatch({ origin: target.origin, path: `${target.pathname}${target.search}`, method: 'GET', headers }, exchange);
  });
}
