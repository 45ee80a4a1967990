// Writes job outputs as JSON Lines in input order, although items complete in any order: outputs that
// arrive early wait in a small buffer until every earlier index has been written.
import type { Writable } from 'node:stream';

export class OrderedJsonLines {
  private next = 0;
  private readonly waiting = new Map<number, Record<string, unknown>>();

  constructor(private readonly out: Writable) {}

  push(index: number, output: Record<string, unknown>): void {
    this.waiting.set(index, output);
    while (this.waiting.has(this.next)) {
      const ready = this.waiting.get(this.next)!;
      this.waiting.delete(this.next);
      this.next++;
      this.out.write(`${JSON.stringify(ready)}\n`);
    }
  }

  get pending(): number {
    return this.waiting.size;
  }
}
