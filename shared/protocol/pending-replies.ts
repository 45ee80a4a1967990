// Requests waiting for their reply, matched by request id (the reply's `re`), each with a deadline.
// Both WebSocket clients — the script client and the extension's background — keep their requests here.

interface Waiter<T> {
  resolve(reply: T): void;
  reject(error: Error): void;
}

export class PendingReplies<T> {
  private readonly waiting = new Map<string, Waiter<T>>();

  get size(): number {
    return this.waiting.size;
  }

  /** Waits for the reply to `id`; rejects with `timeoutError()` when none comes within `timeoutMs`. */
  wait(id: string, timeoutMs: number, timeoutError: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(timeoutError());
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  has(id: string | undefined): boolean {
    return id !== undefined && this.waiting.has(id);
  }

  /** Hands `reply` to the request `id`; false when nothing waits for it. */
  resolve(id: string | undefined, reply: T): boolean {
    const waiter = id === undefined ? undefined : this.waiting.get(id);
    if (!waiter) return false;
    this.waiting.delete(id!);
    waiter.resolve(reply);
    return true;
  }

  reject(id: string | undefined, error: Error): boolean {
    const waiter = id === undefined ? undefined : this.waiting.get(id);
    if (!waiter) return false;
    this.waiting.delete(id!);
    waiter.reject(error);
    return true;
  }

  rejectAll(error: Error): void {
    const waiters = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiter of waiters) waiter.reject(error);
  }
}
