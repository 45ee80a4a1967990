// The background's record of a collect job, as kept in extension storage. One record is what the user
// asked for (a page's chosen media); it may take several companion jobs ("submissions"): the first
// submit, a retry of failed files, a resubmission after the companion lost a job, or a split when a page
// has more items than the companion takes in one job.
import type { MediaItem } from '../../shared/extract/to-items.js';
import type { JobOptions } from '../../shared/protocol/index.js';
import type { FileView, JobStateView } from '../view-types.js';

export type SubmissionState = 'pending' | 'sent' | 'running' | 'done' | 'cancelled' | 'failed';

export interface Submission {
  /** Local id; also appended to the job label so a submit whose reply was lost can be found again. */
  id: string;
  /** Indexes into the record's files/items, in the order they were submitted. */
  files: number[];
  state: SubmissionState;
  jobId?: string;
  /** The next result `seq` not yet received (for job.get after a reconnect). */
  next: number;
  /** The user asked to cancel it (a cancellation the user did not ask for is an interruption). */
  cancelRequested?: boolean;
}

export interface JobRecord {
  key: string;
  tabId?: number;
  pageUrl: string;
  title: string;
  target?: string;
  options: JobOptions;
  createdAt: number;
  finishedAt?: number;
  cancelled?: boolean;
  error?: { code: string; message: string };
  files: FileView[];
  /** Scrapy items, one per file, without cookies (those are added when the item is sent). */
  items: MediaItem[];
  submissions: Submission[];
}

export function recordState(record: JobRecord): JobStateView {
  if (record.cancelled) return 'cancelled';
  const open = record.submissions.filter((s) => s.state === 'pending' || s.state === 'sent' || s.state === 'running');
  if (open.length > 0) return open.some((s) => s.state !== 'pending') ? 'running' : 'waiting';
  if (record.error && record.files.every((f) => f.stage === 'failed')) return 'failed';
  return 'done';
}
