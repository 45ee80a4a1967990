// One daemon job on disk, in `<data>/jobs/<id>/`:
//   inputs.jsonl — the submitted items, one JSON value per line, fsync'ed before `job.accepted`;
//                  deleted when the job ends (it is by far the largest file and no longer needed);
//   job.json     — id, owner, target, options, label, item count; written last at submission, so a
//                  folder without it is a submission that never completed. Later rewritten (atomically)
//                  with `cancelRequested` and, when the job ends, `final` (state, summary, counts);
//   items.jsonl  — the ItemJournal: one line per finished item, in completion order (= `seq`).
// A finished job is job.json + items.jsonl, read back page by page for `job.get`; nothing of its
// results stays in memory.
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { GleanerError } from '../../shared/errors.js';
import type { CodedError, ItemResult, JobCounts, JobOptions, JobSummary } from '../../shared/protocol/common.js';
import { syncDir, writeFileAtomic } from '../daemon/atomic-file.js';
import { ItemJournal, readJournalEntries, scanJournal, type JournalSpans } from '../jobs/item-journal.js';
import type { JobInput } from '../jobs/run-job.js';

const META = 'job.json';
const INPUTS = 'inputs.jsonl';
const JOURNAL = 'items.jsonl';

export interface JobFinal {
  state: 'done' | 'cancelled' | 'failed';
  summary: JobSummary;
  error?: CodedError;
  counts: JobCounts;
  startedAt?: number;
  finishedAt: number;
}

export interface JobMeta {
  version: 1;
  id: string;
  owner: string;
  target: string;
  options?: JobOptions;
  label?: string;
  createdAt: number;
  items: number;
  cancelRequested?: boolean;
  /** Times the job was resumed after the daemon stopped without finishing it. */
  resumes?: number;
  final?: JobFinal;
}

/** A wire item as a runner input; a non-object becomes an invalid input, as a bad line does in `gleaner run`. */
export function toJobInput(value: unknown, i: number): JobInput {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? { item: value as Record<string, unknown> }
    : { invalid: { line: i + 1, code: 'ERR_INPUT_NOT_OBJECT', message: `Item ${i} is not a JSON object` } };
}

function journalError(dir: string, error: unknown): GleanerError {
  return new GleanerError('ERR_JOB_JOURNAL', `Cannot save or read the job's files in ${dir}: ${(error as Error).message}`, { cause: error });
}

/** The inputs of a run: what is not journaled yet, and the map from the runner's numbering back to item indexes. */
export interface JobRun {
  inputs: AsyncGenerator<JobInput>;
  itemIndex(runnerIndex: number): number;
}

export class JobFiles {
  private journal: ItemJournal | undefined;
  private spans: JournalSpans | undefined;
  private committed: number;
  private metaWrites: Promise<unknown> = Promise.resolve();

  private constructor(readonly dir: string, readonly meta: JobMeta, committed: number, spans?: JournalSpans) {
    this.committed = committed;
    this.spans = spans;
  }

  /** Saves a new job durably (files, then the folder entries); only then may it be acknowledged. */
  static async create(root: string, meta: JobMeta, items: readonly unknown[]): Promise<JobFiles> {
    const dir = path.join(root, meta.id);
    try {
      await mkdir(root, { recursive: true, mode: 0o700 });
      await mkdir(dir, { mode: 0o700 });
      const handle = await open(path.join(dir, INPUTS), 'wx', 0o600);
      try {
        await handle.writeFile(items.map((item) => `${JSON.stringify(item)}\n`).join(''), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await writeFileAtomic(path.join(dir, META), JSON.stringify(meta));
      await syncDir(dir);
      await syncDir(root);
    } catch (error) {
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      throw journalError(dir, error);
    }
    return new JobFiles(dir, meta, 0, { starts: [], lengths: [] });
  }

  /** Reads a job folder; undefined for a submission that never completed (no readable job.json). */
  static async load(dir: string): Promise<JobFiles | undefined> {
    let meta: JobMeta;
    try {
      meta = JSON.parse(await readFile(path.join(dir, META), 'utf8')) as JobMeta;
    } catch {
      return undefined;
    }
    if (meta?.version !== 1 || typeof meta.id !== 'string' || typeof meta.owner !== 'string' || !Number.isInteger(meta.items)) return undefined;
    // A finished job's results are indexed on first use: most are never asked for again.
    if (meta.final) return new JobFiles(dir, meta, meta.final.counts.items);
    const scan = await scanJournal(path.join(dir, JOURNAL));
    return new JobFiles(dir, meta, scan.indexes.length, scan);
  }

  get id(): string {
    return this.meta.id;
  }

  /** Results that can be read back (their lines are written). */
  get resultCount(): number {
    return this.committed;
  }

  /** Results `from` to `to` (exclusive, clamped), with their seq. */
  async readResults(from: number, to: number): Promise<ItemResult[]> {
    try {
      if (!this.spans) {
        const scan = await scanJournal(path.join(this.dir, JOURNAL));
        this.spans = scan;
        this.committed = scan.starts.length;
      }
      const end = Math.min(to, this.committed, this.spans.starts.length);
      const entries = await readJournalEntries(path.join(this.dir, JOURNAL), this.spans, from, end);
      return entries.map((entry, k) => ({ seq: from + k, index: entry.index, item: entry.output }));
    } catch (error) {
      // Deleted under us: the job was just forgotten (keepFinishedJobs).
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new GleanerError('ERR_JOB_NOT_FOUND', `No job ${this.id}`);
      throw journalError(this.dir, error);
    }
  }

  /** Opens the journal and streams the inputs it does not hold yet (a resumed job runs only those). */
  async startRun(): Promise<JobRun> {
    const journal = await ItemJournal.open(path.join(this.dir, JOURNAL), { keepOutputs: false }).catch((error: unknown) => {
      throw journalError(this.dir, error);
    });
    this.journal = journal;
    this.spans = journal;
    this.committed = journal.size;
    const indexes: number[] = [];
    const file = path.join(this.dir, INPUTS);
    const expected = this.meta.items;
    async function* inputs(): AsyncGenerator<JobInput> {
      const stream = createReadStream(file, 'utf8');
      let position = 0;
      try {
        for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
          const index = position++;
          if (journal.has(index)) continue;
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            throw new GleanerError('ERR_JOB_JOURNAL', `${file} is damaged at line ${index + 1}`);
          }
          indexes.push(index);
          yield toJobInput(value, index);
        }
      } catch (error) {
        throw error instanceof GleanerError ? error : journalError(path.dirname(file), error);
      } finally {
        // A cancelled job stops reading early; do not leave the file open until the collector runs.
        stream.destroy();
      }
      if (position !== expected) throw new GleanerError('ERR_JOB_JOURNAL', `${file} holds ${position} items, the job has ${expected}`);
    }
    return { inputs: inputs(), itemIndex: (runnerIndex) => indexes[runnerIndex]! };
  }

  /** Journals a finished item; resolves with its seq once the line is written (and readable). */
  async append(index: number, output: Record<string, unknown>): Promise<number> {
    const journal = this.journal;
    if (!journal) throw new GleanerError('ERR_JOB_INTERNAL', 'The job is not running');
    const seq = journal.size;
    // The daemon keeps the inputs itself, so the journal's input hash is not needed.
    await journal.append(index, '', output).catch((error: unknown) => {
      throw journalError(this.dir, error);
    });
    this.committed = seq + 1;
    return seq;
  }

  /** Every journaled line written and fsync'ed; the journal closed. */
  async endRun(): Promise<void> {
    const journal = this.journal;
    this.journal = undefined;
    await journal?.close();
  }

  /** Remembers a cancel on disk before it is acknowledged, so a crash cannot bring the job back. */
  requestCancel(): Promise<void> {
    this.meta.cancelRequested = true;
    return this.writeMeta();
  }

  /** Counts a resume on disk before it happens, so a job that keeps crashing the daemon can be stopped. */
  async countResume(): Promise<number> {
    this.meta.resumes = (this.meta.resumes ?? 0) + 1;
    await this.writeMeta();
    return this.meta.resumes;
  }

  /** The job ended: its state goes into job.json and its inputs go away. */
  async finish(final: JobFinal): Promise<void> {
    this.meta.final = final;
    await this.writeMeta();
    await this.dropInputs();
  }

  /** Removes the inputs of a finished job (also at restore: a crash may have come between the two steps). */
  dropInputs(): Promise<void> {
    return rm(path.join(this.dir, INPUTS), { force: true });
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }

  private writeMeta(): Promise<void> {
    const write = this.metaWrites.then(async () => {
      await writeFileAtomic(path.join(this.dir, META), JSON.stringify(this.meta));
      await syncDir(this.dir);
    });
    this.metaWrites = write.catch(() => {});
    return write.catch((error: unknown) => {
      throw journalError(this.dir, error);
    });
  }
}
