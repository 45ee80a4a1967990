// An append-only journal of finished items, so an interrupted job can resume without repeating work:
// one JSON line per finished item — its index, a hash of its input, and its output. A crash can only
// tear the last line, which is ignored on reading. Lines are written as items finish and fsync'ed at
// most once a second (and on close), so a kill -9 loses nothing already written and a power cut at
// most the last second.
//
// Two users: `gleaner run --job-dir` keeps the outputs in memory to replay them; the daemon does not
// (`keepOutputs: false`), since a 20,000-item job kept for `job.get` would cost tens of megabytes. It
// keeps only where each line lies in the file and reads pages back with `readJournalEntries`. The
// order of lines is the order items finished, which is the daemon's `seq`.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface JournalEntry {
  hash: string;
  output: Record<string, unknown>;
}

/** Where the journal's entries lie in its file: entry k (its `seq`) is bytes [starts[k], starts[k] + lengths[k]). */
export interface JournalSpans {
  readonly starts: readonly number[];
  readonly lengths: readonly number[];
}

export interface JournalScan extends JournalSpans {
  /** Item index of each entry, in file order. */
  indexes: number[];
  /** Outputs by item index, when asked for. */
  entries?: Map<number, JournalEntry>;
  /** Size of the file; a torn last line is counted in it. */
  bytes: number;
  endsWithNewline: boolean;
}

const SYNC_EVERY_MS = 1000;

export function inputHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function parseLine(text: string): { i: number; h: string; o: Record<string, unknown> } | undefined {
  try {
    const { i, h, o } = JSON.parse(text) as { i: unknown; h: unknown; o: unknown };
    if (Number.isInteger(i) && (i as number) >= 0 && typeof h === 'string' && o !== null && typeof o === 'object' && !Array.isArray(o)) {
      return { i: i as number, h, o: o as Record<string, unknown> };
    }
  } catch {
    // A torn line from a crash: that item simply runs again.
  }
  return undefined;
}

/** Reads a journal without changing it. A missing file is an empty journal; a repeated index keeps its first entry. */
export async function scanJournal(file: string, keepOutputs = false): Promise<JournalScan> {
  const data = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  });
  const scan: JournalScan = { indexes: [], starts: [], lengths: [], bytes: data.length, endsWithNewline: data.length === 0 || data[data.length - 1] === 0x0a };
  if (keepOutputs) scan.entries = new Map();
  const seen = new Set<number>();
  for (let start = 0; start < data.length; ) {
    let end = data.indexOf(0x0a, start);
    if (end === -1) end = data.length;
    const line = end > start ? parseLine(data.toString('utf8', start, end)) : undefined;
    if (line && !seen.has(line.i)) {
      seen.add(line.i);
      scan.indexes.push(line.i);
      (scan.starts as number[]).push(start);
      (scan.lengths as number[]).push(end - start);
      scan.entries?.set(line.i, { hash: line.h, output: line.o });
    }
    start = end + 1;
  }
  return scan;
}

/** Entries `from` (inclusive) to `to` (exclusive), read back from the file in one read. */
export async function readJournalEntries(file: string, spans: JournalSpans, from: number, to: number): Promise<Array<{ index: number; output: Record<string, unknown> }>> {
  if (to <= from) return [];
  const base = spans.starts[from]!;
  const size = spans.starts[to - 1]! + spans.lengths[to - 1]! - base;
  const buffer = Buffer.alloc(size);
  const handle = await open(file, 'r');
  try {
    let read = 0;
    while (read < size) {
      const { bytesRead } = await handle.read(buffer, read, size - read, base + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
  } finally {
    await handle.close();
  }
  const out: Array<{ index: number; output: Record<string, unknown> }> = [];
  for (let k = from; k < to; k++) {
    const start = spans.starts[k]! - base;
    const line = parseLine(buffer.toString('utf8', start, start + spans.lengths[k]!));
    // Only lines that parsed once are listed, so this holds unless the file was changed under us.
    if (!line) throw new Error(`The journal ${file} changed on disk (entry ${k} is unreadable)`);
    out.push({ index: line.i, output: line.o });
  }
  return out;
}

export interface JournalOptions {
  /** Keep every output in memory for `get` (default). The daemon turns this off and reads pages back. */
  keepOutputs?: boolean;
}

interface PendingLine {
  line: string;
  resolve(): void;
  reject(error: Error): void;
}

export class ItemJournal implements JournalSpans {
  private pendingSync: NodeJS.Timeout | undefined;
  private syncing: Promise<unknown> = Promise.resolve();
  /** Lines waiting for the write in progress to finish; they go out together in the next one. */
  private queue: PendingLine[] = [];
  private writing: Promise<void> | undefined;
  private broken: Error | undefined;
  readonly starts: number[];
  readonly lengths: number[];
  private readonly indexes: Set<number>;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    scan: JournalScan,
    private end: number,
    private readonly entries: Map<number, JournalEntry> | undefined,
  ) {
    this.starts = scan.starts as number[];
    this.lengths = scan.lengths as number[];
    this.indexes = new Set(scan.indexes);
  }

  static async open(file: string, options: JournalOptions = {}): Promise<ItemJournal> {
    await mkdir(path.dirname(file), { recursive: true });
    const scan = await scanJournal(file, options.keepOutputs !== false);
    const handle = await open(file, 'a');
    let end = scan.bytes;
    // Start on a fresh line in case the previous run died in the middle of one.
    if (!scan.endsWithNewline) {
      await handle.write('\n');
      end++;
    }
    return new ItemJournal(file, handle, scan, end, scan.entries);
  }

  /** The journaled output of an item (only with `keepOutputs`). */
  get(index: number): JournalEntry | undefined {
    return this.entries?.get(index);
  }

  has(index: number): boolean {
    return this.indexes.has(index);
  }

  get size(): number {
    return this.starts.length;
  }

  /**
   * Appends an item; resolves once the line is written (readable, and safe from a kill -9), before the
   * batched fsync. Lines that arrive while a write is under way are written together in the next one
   * (group commit): one system call per batch, not per item, so a fast job never queues behind its
   * journal. After a failed write the journal refuses further appends: lines after a torn one would
   * be at unknown offsets.
   */
  append(index: number, hash: string, output: Record<string, unknown>): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    const line = `${JSON.stringify({ i: index, h: hash, o: output })}\n`;
    const bytes = Buffer.byteLength(line);
    this.entries?.set(index, { hash, output });
    this.indexes.add(index);
    this.starts.push(this.end);
    this.lengths.push(bytes - 1);
    this.end += bytes;
    const written = new Promise<void>((resolve, reject) => this.queue.push({ line, resolve, reject }));
    this.writing ??= this.writeQueued();
    this.pendingSync ??= setTimeout(() => {
      this.pendingSync = undefined;
      this.syncing = this.syncing.then(() => this.handle.sync()).catch(() => {});
    }, SYNC_EVERY_MS);
    return written;
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        if (this.broken) throw this.broken;
        await this.handle.appendFile(batch.map((pending) => pending.line).join(''), 'utf8');
        for (const pending of batch) pending.resolve();
      } catch (error) {
        this.broken ??= error instanceof Error ? error : new Error(String(error));
        for (const pending of batch) pending.reject(this.broken);
      }
    }
    this.writing = undefined;
  }

  /** Waits for every append so far, then fsyncs. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    await this.syncing;
    await this.handle.sync().catch(() => {});
  }

  async close(): Promise<void> {
    if (this.pendingSync) clearTimeout(this.pendingSync);
    this.pendingSync = undefined;
    await this.flush();
    await this.handle.close();
  }
}
