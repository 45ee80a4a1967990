// Writes job outputs as JSON Lines in input order, although items complete in any order: outputs that
// arrive early wait in a small buffer until every earlier index has been written. Lines ready in the
// same turn of the event loop go out in one write (stdout to a pipe is a synchronous write per call).
import type { Writable } from 'node:stream';

export class OrderedJsonLines {
  private next = 0;
  private readonly waiting = new Map<number, Record<string, unknown>>();
  private batch = '';
  private flushScheduled = false;

  constructor(private readonly out: Writable) {}

  push(index: number, output: Record<string, unknown>): void {
    this.waiting.set(index, output);
    while (this.waiting.has(this.next)) {
      const ready = this.waiting.get(this.next)!;
      this.waiting.delete(this.next);
      this.next++;
      this.batch += `${JSON.stringify(ready)}\n`;
    }
    if (this.batch && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes what is ready now; also called at the end of a job so nothing waits for the next turn. */
  flush(): void {
    this.flushScheduled = false;
    if (!this.batch) return;
    const text = this.batch;
    this.batch = '';
    this.out.write(text);
  }

  get pending(): number {
    return this.waiting.size;
  }
}
