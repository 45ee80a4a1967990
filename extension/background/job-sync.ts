// Keeps the companion and the job book in step: sends waiting submissions once connected (cookies
// added at that moment), routes job events into the book, and after every (re)connect catches up on
// jobs in flight with job.get from the last result received, following them again.
import type { MediaItem } from '../../shared/extract/to-items.js';
import type { ServerLimits, ServerMessage, WelcomeMessage } from '../../shared/protocol/index.js';
import type { CompanionClient } from './companion-client.js';
import type { JobBook } from './job-book.js';
import type { JobRecord, Submission } from './job-types.js';

export interface SyncDeps {
  book: JobBook;
  client: Pick<CompanionClient, 'send' | 'request' | 'connected'>;
  /** Adds Cookie headers where the user allowed it (identity in tests). */
  prepareItems: (items: MediaItem[]) => Promise<MediaItem[]>;
}

/** Items per job.submit message when the companion announces no limit; keeps frames well below 8 MiB. */
const DEFAULT_CHUNK = 5000;
const LABEL_MARK = ' #';

export class JobSync {
  private limits: ServerLimits | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly deps: SyncDeps) {}

  async onWelcome(welcome: WelcomeMessage): Promise<void> {
    this.limits = welcome.limits;
    await this.recoverUnacknowledged();
    for (const { submission } of this.deps.book.inFlight()) {
      if (submission.jobId) this.follow(submission.jobId, submission.next, true);
    }
    await this.flush();
  }

  /** Sends every waiting submission, if connected. Safe to call often: runs one pass at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.flushPass().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flushPass(): Promise<void> {
    const { book, client } = this.deps;
    const chunk = Math.min(this.limits?.maxItemsPerJob ?? DEFAULT_CHUNK, DEFAULT_CHUNK);
    for (const { record, submission } of book.pending()) {
      for (const part of book.split(record, submission, chunk)) {
        if (!client.connected) return;
        const items = await this.deps.prepareItems(part.files.map((i) => record.items[i]!));
        const sent = client.send({
          type: 'job.submit',
          id: `submit:${part.id}`,
          items,
          ...(record.target ? { target: record.target } : {}),
          options: record.options,
          label: label(record, part),
        });
        if (!sent) return;
        book.markSent(record, part);
      }
    }
  }

  /** Asks for a job's results from `from` on; `follow` also subscribes to its live events. */
  private follow(jobId: string, from: number, follow: boolean): void {
    this.deps.client.send({ type: 'job.get', id: `get:${jobId}`, job: jobId, from, follow });
  }

  /**
   * A submission marked sent whose job.accepted never arrived (the worker stopped, the socket dropped):
   * look for its job by the label mark; if the companion has none, it goes back to waiting.
   */
  private async recoverUnacknowledged(): Promise<void> {
    const { book, client } = this.deps;
    const orphans = book.inFlight().filter(({ submission }) => !submission.jobId);
    if (orphans.length === 0) return;
    let jobs: Array<{ job: string; label?: string | undefined }> = [];
    try {
      const reply = await client.request({ type: 'job.list' });
      if (reply.type === 'job.listed') jobs = reply.jobs;
    } catch {
      return; // Disconnected again; the next welcome retries.
    }
    for (const { record, submission } of orphans) {
      const match = jobs.find((j) => j.label?.endsWith(`${LABEL_MARK}${submission.id}`));
      if (match) book.accepted(record, submission, match.job);
      else book.markPending(record, submission);
    }
  }

  onMessage(message: ServerMessage): void {
    const { book } = this.deps;
    switch (message.type) {
      case 'job.accepted': {
        const found = message.re?.startsWith('submit:') ? book.findSubmission(message.re.slice(7)) : undefined;
        if (found) book.accepted(found.record, found.submission, message.job);
        break;
      }
      case 'job.progress':
        book.progress(message.job, message.files);
        break;
      case 'job.item':
        book.item(message.job, message.seq, message.index, message.item);
        break;
      case 'job.done':
        book.done(message.job, message.state, message.error);
        break;
      case 'job.state':
        if (book.state(message)) {
          const found = book.findByJobId(message.info.job);
          if (found) this.follow(message.info.job, Math.max(message.next, found.submission.next), false);
        }
        break;
      case 'error':
        this.onError(message);
        break;
      default:
        break;
    }
  }

  private onError(message: Extract<ServerMessage, { type: 'error' }>): void {
    const { book } = this.deps;
    const re = message.re ?? '';
    if (re.startsWith('submit:')) {
      const found = book.findSubmission(re.slice(7));
      if (!found) return;
      // A full queue is temporary: keep the files waiting and try again on the next pass.
      if (message.code === 'ERR_JOB_QUEUE_FULL') book.markPending(found.record, found.submission);
      else book.rejected(found.record, found.submission, message.code, message.message);
    } else if (re.startsWith('get:') && message.code === 'ERR_JOB_NOT_FOUND') {
      book.lost(re.slice(4));
      void this.flush();
    }
  }

  /** Cancels a record: pending parts locally, running ones at the companion. */
  cancel(key: string): boolean {
    const remote = this.deps.book.cancel(key);
    for (const job of remote) this.deps.client.send({ type: 'job.cancel', id: `cancel:${job}`, job });
    return true;
  }
}

function label(record: JobRecord, submission: Submission): string {
  const base = (record.title || record.pageUrl).replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 400) || 'Gleaner';
  return `${base}${LABEL_MARK}${submission.id}`;
}
