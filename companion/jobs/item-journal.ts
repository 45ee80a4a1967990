// An append-only journal of finished items, so an interrupted job can resume without repeating work:
// one JSON line per finished item — its index, a hash of its input, and its output. A crash can only
// tear the last line, which is ignored on reading. Lines are written as items finish and fsync'ed at
// most once a second (and on close), so a kill -9 loses nothing already written and a power cut at
// most the last second.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface JournalEntry {
  hash: string;
  output: Record<string, unknown>;
}

const SYNC_EVERY_MS = 1000;

export function inputHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export class ItemJournal {
  private pendingSync: NodeJS.Timeout | undefined;
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly handle: FileHandle,
    private readonly entries: Map<number, JournalEntry>,
  ) {}

  static async open(file: string): Promise<ItemJournal> {
    await mkdir(path.dirname(file), { recursive: true });
    const entries = new Map<number, JournalEntry>();
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const { i, h, o } = JSON.parse(line) as { i: number; h: string; o: Record<string, unknown> };
        if (Number.isInteger(i) && typeof h === 'string' && o && typeof o === 'object') entries.set(i, { hash: h, output: o });
      } catch {
        // A torn last line from a crash: that item simply runs again.
      }
    }
    const handle = await open(file, 'a');
    // Start on a fresh line in case the previous run died in the middle of one.
    if (text && !text.endsWith('\n')) await handle.write('\n');
    return new ItemJournal(handle, entries);
  }

  get(index: number): JournalEntry | undefined {
    return this.entries.get(index);
  }

  get size(): number {
    return this.entries.size;
  }

  append(index: number, hash: string, output: Record<string, unknown>): Promise<void> {
    this.entries.set(index, { hash, output });
    const line = `${JSON.stringify({ i: index, h: hash, o: output })}\n`;
    const write = this.writing.then(() => this.handle.write(line));
    this.writing = write.catch(() => {});
    this.pendingSync ??= setTimeout(() => {
      this.pendingSync = undefined;
      this.writing = this.writing.then(() => this.handle.sync()).catch(() => {});
    }, SYNC_EVERY_MS);
    return write.then(() => {});
  }

  async close(): Promise<void> {
    if (this.pendingSync) clearTimeout(this.pendingSync);
    this.pendingSync = undefined;
    await this.writing;
    await this.handle.sync().catch(() => {});
    await this.handle.close();
  }
}
