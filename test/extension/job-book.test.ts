// The background's job book: how companion events (accepted, progress, item results, done, job.state
// pages, lost jobs) change the files the popup shows, and how retry and cancel create submissions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobBook } from '../../extension/background/job-book.js';
import { countFiles } from '../../extension/background/job-head.js';
import type { MediaEntry } from '../../shared/extract/types.js';
import type { JobStateMessage } from '../../shared/protocol/index.js';

const PAGE = 'https://site.example/page';
const media = (n: number): MediaEntry[] =>
  Array.from({ length: n }, (_, i) => ({ url: `https://cdn.example/${i}.jpg`, kind: i === n - 1 ? 'file' : 'image', sources: ['img'], referer: PAGE }) as MediaEntry);

function newBook() {
  const changes: Array<[string, number[] | 'all']> = [];
  const book = new JobBook((record, changed) => changes.push([record.key, changed]));
  const record = book.create({ tabId: 7, pageUrl: PAGE, title: 'Page', options: { redirects: true }, media: media(3) });
  return { book, record, changes };
}

test('a new record has one pending submission of every file, as Scrapy items', () => {
  const { book, record, changes } = newBook();
  assert.equal(book.pending().length, 1);
  assert.deepEqual(record.submissions[0]!.files, [0, 1, 2]);
  assert.deepEqual(record.items[0], { url: PAGE, title: 'Page', media_kind: 'image', referer: PAGE, image_urls: ['https://cdn.example/0.jpg'] });
  assert.deepEqual(record.items[2]!.file_urls, ['https://cdn.example/2.jpg']);
  assert.equal(book.head(record).state, 'waiting');
  assert.deepEqual(changes, [[record.key, 'all']]);
  assert.equal(book.latestForTab(7), record);
  assert.ok(book.hasUnfinished());
});

test('accepted, progress, items and done carry each file to its final stage', () => {
  const { book, record } = newBook();
  const submission = record.submissions[0]!;
  book.markSent(record, submission);
  book.accepted(record, submission, 'job-1');
  assert.deepEqual(record.files.map((f) => f.stage), ['queued', 'queued', 'queued']);
  book.progress('job-1', [{ index: 0, pipeline: 'images', url: record.files[0]!.url, stage: 'downloading', bytes: 10, total: 100 }]);
  assert.deepEqual([record.files[0]!.stage, record.files[0]!.bytes], ['downloading', 10]);
  book.item('job-1', 0, 0, { images: [{ url: record.files[0]!.url, path: 'full/abc.jpg', checksum: 'c0', status: 'downloaded' }] });
  book.item('job-1', 1, 2, { files: [{ url: record.files[2]!.url, path: 'full/def.pdf', checksum: 'c2', status: 'uptodate' }] });
  book.item('job-1', 2, 1, { images: [], images_errors: [{ url: record.files[1]!.url, code: 'ERR_DOWNLOAD_HTTP_STATUS', message: 'HTTP 404' }] });
  // A progress event arriving late never moves a finished file back.
  book.progress('job-1', [{ index: 0, pipeline: 'images', url: record.files[0]!.url, stage: 'processing' }]);
  assert.deepEqual(record.files.map((f) => [f.stage, f.path ?? f.message]), [
    ['stored', 'full/abc.jpg'],
    ['failed', 'HTTP 404'],
    ['uptodate', 'full/def.pdf'],
  ]);
  assert.equal(submission.next, 3);
  book.done('job-1', 'done');
  const head = book.head(record);
  assert.equal(head.state, 'done');
  assert.deepEqual(head.counts, { total: 3, waiting: 0, active: 0, stored: 1, uptodate: 1, failed: 1 });
  assert.ok(!book.hasUnfinished());
});

test('next advances only over contiguous seqs, so a reconnect asks again for what it missed', () => {
  const { book, record } = newBook();
  const submission = record.submissions[0]!;
  book.accepted(record, submission, 'job-2');
  book.item('job-2', 2, 2, { files: [{ url: record.files[2]!.url, path: 'p2', checksum: null, status: 'downloaded' }] });
  assert.equal(submission.next, 0);
  book.item('job-2', 0, 0, { images: [{ url: record.files[0]!.url, path: 'p0', checksum: null, status: 'downloaded' }] });
  assert.equal(submission.next, 1);
  book.item('job-2', 1, 1, { images: [{ url: record.files[1]!.url, path: 'p1', checksum: null, status: 'cached' }] });
  assert.equal(submission.next, 3);
  assert.equal(record.files[1]!.stage, 'cached');
});

test('job.state pages apply results and the final state only on the last page', () => {
  const { book, record } = newBook();
  const submission = record.submissions[0]!;
  book.accepted(record, submission, 'job-3');
  const info = { job: 'job-3', state: 'done' as const, target: 'default', items: 3, counts: { files: 3, finished: 3, failed: 0, bytes: 0, items: 3 }, createdAt: 0 };
  const page = (items: JobStateMessage['items'], more: boolean): JobStateMessage => ({ type: 'job.state', info, items, active: [], next: items.length, more, following: true });
  const stored = (seq: number, index: number) => ({ seq, index, item: { images: [{ url: record.files[index]!.url, path: `p${index}`, checksum: null, status: 'downloaded' }] } });
  assert.equal(book.state(page([stored(0, 0)], true)), true);
  assert.equal(submission.state, 'running');
  assert.equal(book.state(page([stored(1, 1), { seq: 2, index: 2, item: { files: [{ url: record.files[2]!.url, path: 'p2', checksum: null, status: 'downloaded' }] } }], false)), false);
  assert.equal(submission.state, 'done');
  assert.deepEqual(countFiles(record.files).stored, 3);
});

test('a job the companion lost is resubmitted with its unfinished files only', () => {
  const { book, record } = newBook();
  const first = record.submissions[0]!;
  book.accepted(record, first, 'job-4');
  book.item('job-4', 0, 0, { images: [{ url: record.files[0]!.url, path: 'p0', checksum: null, status: 'downloaded' }] });
  book.lost('job-4');
  assert.equal(first.state, 'failed');
  const pending = book.pending();
  assert.equal(pending.length, 1);
  assert.deepEqual(pending[0]!.submission.files, [1, 2]);
  assert.deepEqual(record.files.map((f) => f.stage), ['stored', 'waiting', 'waiting']);
});

test('retry sends the failed files again; cancel stops pending work locally and names running jobs', () => {
  const { book, record } = newBook();
  const first = record.submissions[0]!;
  book.accepted(record, first, 'job-5');
  book.item('job-5', 0, 0, { images_errors: [{ url: record.files[0]!.url, code: 'ERR_DOWNLOAD_TIMEOUT', message: 'slow' }] });
  book.item('job-5', 1, 1, { images: [{ url: record.files[1]!.url, path: 'p1', checksum: null, status: 'downloaded' }] });
  book.done('job-5', 'done');
  assert.equal(record.files[2]!.stage, 'failed', 'a file without a result fails when its job ends');
  assert.equal(book.retry(record.key, [record.files[0]!.url]), 1);
  assert.deepEqual(book.pending()[0]!.submission.files, [0]);
  assert.equal(book.retry(record.key), 1, 'then the other failed file');
  assert.equal(book.head(record).state, 'waiting');
  assert.deepEqual(book.cancel(record.key), []);
  assert.equal(book.head(record).state, 'cancelled');
  assert.ok(record.files.filter((_, i) => i !== 1).every((f) => f.code === 'ERR_JOB_CANCELLED'));

  const other = newBook();
  other.book.accepted(other.record, other.record.submissions[0]!, 'job-6');
  assert.deepEqual(other.book.cancel(other.record.key), ['job-6']);
  other.book.done('job-6', 'cancelled');
  assert.equal(other.book.head(other.record).state, 'done');
  assert.equal(other.book.head(other.record).counts.failed, 3);
});

test('a refused submit fails its files with the companion message; a large one is split', () => {
  const { book, record } = newBook();
  book.rejected(record, record.submissions[0]!, 'ERR_JOB_UNKNOWN_TARGET', 'No storage target named "x".');
  assert.equal(book.head(record).state, 'failed');
  assert.equal(book.head(record).error?.message, 'No storage target named "x".');
  const big = book.create({ pageUrl: PAGE, title: '', options: {}, media: media(5) });
  const parts = book.split(big, big.submissions[0]!, 2);
  assert.deepEqual(parts.map((p) => p.files), [[0, 1], [2, 3], [4]]);
  assert.equal(big.submissions.length, 3);
});

test('a job the companion cancelled by itself (shutting down) is resumed, one the user cancelled is not', () => {
  const { book, record } = newBook();
  book.accepted(record, record.submissions[0]!, 'job-7');
  book.item('job-7', 0, 0, { images: [{ url: record.files[0]!.url, path: 'p0', checksum: null, status: 'downloaded' }] });
  book.done('job-7', 'cancelled');
  assert.deepEqual(book.pending()[0]?.submission.files, [1, 2]);
  assert.equal(book.head(record).state, 'waiting');

  const other = newBook();
  other.book.accepted(other.record, other.record.submissions[0]!, 'job-8');
  other.book.cancel(other.record.key);
  other.book.done('job-8', 'cancelled');
  assert.deepEqual(other.book.pending(), []);
  assert.ok(other.record.files.every((f) => f.code === 'ERR_JOB_CANCELLED'));
});

test('files the companion failed as cancelled while shutting down are resumed too', () => {
  const { book, record } = newBook();
  book.accepted(record, record.submissions[0]!, 'job-9');
  book.item('job-9', 0, 0, { images: [{ url: record.files[0]!.url, path: 'p0', checksum: null, status: 'downloaded' }] });
  book.item('job-9', 1, 1, { images_errors: [{ url: record.files[1]!.url, code: 'ERR_DOWNLOAD_CANCELLED', message: 'cancelled' }] });
  book.item('job-9', 2, 2, { files_errors: [{ url: record.files[2]!.url, code: 'ERR_DOWNLOAD_HTTP_STATUS', message: '404' }] });
  book.done('job-9', 'cancelled');
  assert.deepEqual(book.pending()[0]?.submission.files, [1], 'the cancelled file, not the one that really failed');
});
