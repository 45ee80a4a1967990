// A record's summary for the popup and the badge: its state and how many files are where.
import type { FileView, JobCountsView, JobHead } from '../view-types.js';
import { recordState, type JobRecord } from './job-types.js';

export function jobHead(record: JobRecord): JobHead {
  const head: JobHead = {
    key: record.key,
    pageUrl: record.pageUrl,
    title: record.title,
    state: recordState(record),
    counts: countFiles(record.files),
    createdAt: record.createdAt,
  };
  if (record.tabId !== undefined) head.tabId = record.tabId;
  if (record.target) head.target = record.target;
  if (record.finishedAt !== undefined) head.finishedAt = record.finishedAt;
  if (record.error) head.error = record.error;
  return head;
}

export function countFiles(files: readonly FileView[]): JobCountsView {
  const counts: JobCountsView = { total: files.length, waiting: 0, active: 0, stored: 0, uptodate: 0, failed: 0 };
  for (const file of files) {
    switch (file.stage) {
      case 'waiting':
      case 'queued':
        counts.waiting++;
        break;
      case 'downloading':
      case 'processing':
        counts.active++;
        break;
      case 'stored':
        counts.stored++;
        break;
      case 'uptodate':
      case 'cached':
        counts.uptodate++;
        break;
      case 'failed':
        counts.failed++;
        break;
    }
  }
  return counts;
}
