// Open popup and options pages, each connected through a port (messaging.ts `subscribe`). Status goes
// to all at once; job changes are gathered and sent at most every 200 ms as the changed files only,
// because a 10,000-file job changes hundreds of files a second.
import type browser from 'webextension-polyfill';
import type { UiEvent } from '../messaging.js';
import type { StatusView } from '../view-types.js';
import type { JobBook } from './job-book.js';

export class UiPorts {
  private readonly ports = new Set<browser.Runtime.Port>();
  private readonly dirty = new Map<string, Set<number> | 'all'>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly book: JobBook, private readonly onCountChange: () => void, private readonly intervalMs = 200) {}

  get size(): number {
    return this.ports.size;
  }

  add(port: browser.Runtime.Port, status: StatusView): void {
    this.ports.add(port);
    port.onDisconnect.addListener(() => {
      this.ports.delete(port);
      this.onCountChange();
    });
    this.post(port, { type: 'status', status });
    this.onCountChange();
  }

  status(status: StatusView): void {
    for (const port of this.ports) this.post(port, { type: 'status', status });
  }

  jobChanged(key: string, changed: number[] | 'all'): void {
    const current = this.dirty.get(key);
    if (changed === 'all' || current === 'all') this.dirty.set(key, 'all');
    else this.dirty.set(key, new Set([...(current ?? []), ...changed]));
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  private flush(): void {
    this.timer = undefined;
    const dirty = [...this.dirty];
    this.dirty.clear();
    if (this.ports.size === 0) return;
    for (const [key, changed] of dirty) {
      const record = this.book.get(key);
      if (!record) continue;
      const indexes = changed === 'all' ? record.files.map((_, i) => i) : [...changed];
      const event: UiEvent = {
        type: 'job.update',
        head: this.book.head(record),
        files: indexes.map((i) => [i, record.files[i]!]),
        replace: changed === 'all',
      };
      for (const port of this.ports) this.post(port, event);
    }
  }

  private post(port: browser.Runtime.Port, event: UiEvent): void {
    try {
      port.postMessage(event);
    } catch {
      this.ports.delete(port);
    }
  }
}
