// Keeps the job records in storage.local, so a service worker the browser stopped, or a browser that
// restarted, picks its jobs up again. Writes are coalesced: progress changes many files per second, and
// one write a second is plenty; changes of a submission's state are written at once.
import browser from 'webextension-polyfill';
import type { JobRecord } from './job-types.js';

const JOBS_KEY = 'jobs';

export class JobStore {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly snapshot: () => JobRecord[], private readonly delayMs = 1000) {}

  async load(): Promise<JobRecord[]> {
    const stored = await browser.storage.local.get(JOBS_KEY);
    const records = stored[JOBS_KEY];
    return Array.isArray(records) ? (records as JobRecord[]).filter(isRecord) : [];
  }

  /** Schedules a write; `now` writes without waiting (submission state changed). */
  schedule(now = false): void {
    if (now) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      void this.write();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, this.delayMs);
  }

  private async write(): Promise<void> {
    await browser.storage.local.set({ [JOBS_KEY]: this.snapshot() });
  }
}

function isRecord(value: unknown): value is JobRecord {
  const r = value as Partial<JobRecord> | undefined;
  return !!r && typeof r.key === 'string' && Array.isArray(r.files) && Array.isArray(r.items) && Array.isArray(r.submissions);
}
