// Throttles per-file progress so a 10,000-file job does not flood the socket: events are coalesced by
// file (only a file's latest stage is kept) and flushed at most once per interval, at most `maxFiles`
// entries per message — the rest wait for the next flush, in the order they first changed. Final
// stages are never lost, since a file's last event always replaces its earlier ones.
import type { FileProgress } from '../../shared/protocol/common.js';

export function fileKey(event: Pick<FileProgress, 'index' | 'pipeline' | 'url'>): string {
  return `${event.index}\u0000${event.pipeline}\u0000${event.url}`;
}

export class ProgressBatcher {
  private pending = new Map<string, FileProgress>();
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly maxFiles: number,
    private readonly emit: (files: FileProgress[]) => void,
  ) {}

  push(event: FileProgress): void {
    const key = fileKey(event);
    // Keep the file's place in line (first change), but its newest state.
    this.pending.set(key, event);
    this.schedule();
  }

  /** Sends everything pending now, in as many messages as needed (before job.done). */
  drain(): void {
    this.cancelTimer();
    while (this.pending.size > 0) this.flushOnce();
  }

  stop(): void {
    this.cancelTimer();
    this.pending.clear();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushOnce();
      if (this.pending.size > 0) this.schedule();
    }, wait);
    this.timer.unref?.();
  }

  private flushOnce(): void {
    if (this.pending.size === 0) return;
    const files: FileProgress[] = [];
    for (const [key, event] of this.pending) {
      files.push(event);
      this.pending.delete(key);
      if (files.length >= this.maxFiles) break;
    }
    this.lastFlush = Date.now();
    this.emit(files);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
