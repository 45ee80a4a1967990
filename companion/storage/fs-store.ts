// Filesystem store (Scrapy's FSFilesStore), with atomic writes: the body goes to a temporary name in the
// destination folder and is renamed into place only when complete, so a crash never leaves a partial
// file under a final name.
//
// stat() must return an MD5 of the stored file. Re-reading every large file on every run is wasteful,
// so known checksums are kept in a small index file at the store root, each entry tied to the file's
// size and mtime (nanoseconds): if either changed, the file is hashed again. The index is only a cache;
// deleting it is always safe.
import { createHash, randomBytes } from 'node:crypto';
import { close, createReadStream, createWriteStream, fstat, open, renameSync, statSync, write } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { GleanerError } from '../../shared/errors.js';
import { ensureDir, forgetDir } from './ensure-dir.js';
import type { PutBody, PutOptions, Store, StoredStat } from './store.js';

const INDEX_NAME = '.gleaner-checksums.json';

interface IndexEntry {
  size: number;
  mtimeNs: string;
  md5: string;
}

/** Turns a store URI or path into the absolute base folder (file:// stripped, relative to the CWD). */
export function fsBaseDir(uri: string): string {
  const plain = uri.startsWith('file://') ? fileURLToPath(uri) : uri;
  return path.resolve(plain);
}

export class FsStore implements Store {
  readonly displayUri: string;
  readonly baseDir: string;
  readonly stagingDir: string;
  private index = new Map<string, IndexEntry>();
  private indexDirty = false;

  /**
   * @param staleStagingMs staged downloads older than this are leftovers of a crashed run and are
   *   removed at open; a live download touches its file at least every DOWNLOAD_TIMEOUT.
   */
  constructor(
    uri: string,
    private readonly staleStagingMs = 60 * 60 * 1000,
  ) {
    this.baseDir = fsBaseDir(uri);
    this.displayUri = this.baseDir;
    this.stagingDir = path.join(this.baseDir, '.gleaner-staging');
  }

  async open(): Promise<void> {
    try {
      await mkdir(this.baseDir, { recursive: true });
    } catch (error) {
      throw new GleanerError('ERR_STORE_WRITE', `Cannot create the store folder ${this.baseDir}: ${(error as Error).message}`);
    }
    try {
      const raw = JSON.parse(await readFile(path.join(this.baseDir, INDEX_NAME), 'utf8')) as Record<string, IndexEntry>;
      this.index = new Map(Object.entries(raw));
    } catch {
      this.index = new Map();
    }
    await this.removeStaleStaging();
  }

  private async removeStaleStaging(): Promise<void> {
    const names = await readdir(this.stagingDir).catch(() => [] as string[]);
    const cutoff = Date.now() - this.staleStagingMs;
    for (const name of names) {
      if (!name.endsWith('.download')) continue;
      const file = path.join(this.stagingDir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(file, { force: true }).catch(() => {});
    }
  }

  /** Maps a store-relative path to an absolute one, refusing anything that would leave the root. */
  resolve(relativePath: string): string {
    const parts = relativePath.split('/');
    if (relativePath === '' || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) {
      throw new GleanerError('ERR_STORE_PATH', `Refusing to store under ${JSON.stringify(relativePath)}`);
    }
    return path.join(this.baseDir, ...parts);
  }

  async stat(relativePath: string): Promise<StoredStat | null> {
    const absolute = this.resolve(relativePath);
    const info = statSync(absolute, { bigint: true, throwIfNoEntry: false });
    if (!info) return null;
    if (!info.isFile()) return null;
    const size = Number(info.size);
    const mtimeNs = info.mtimeNs.toString();
    const cached = this.index.get(relativePath);
    let md5: string;
    if (cached && cached.size === size && cached.mtimeNs === mtimeNs) {
      md5 = cached.md5;
    } else {
      md5 = await md5File(absolute);
      this.remember(relativePath, { size, mtimeNs, md5 });
    }
    return { lastModified: Number(info.mtimeMs) / 1000, checksum: md5 };
  }

  async put(relativePath: string, body: PutBody, options: PutOptions = {}): Promise<void> {
    const absolute = this.resolve(relativePath);
    const temporary = `${absolute}.${randomBytes(6).toString('hex')}.part`;
    let mtimeNs = body.mtimeNs;
    try {
      await ensureDir(path.dirname(absolute));
      // A staged download the caller gives up is moved into place: one rename, atomic, nothing copied.
      if (body.file && body.moved && moveFile(body.file, absolute)) {
        body.moved();
      } else {
        if (body.data) mtimeNs = await writeBuffer(temporary, body.data);
        else if (body.file) await linkOrCopy(body.file, temporary);
        else await pipeline(body.open(), createWriteStream(temporary), { signal: options.signal });
        renameSync(temporary, absolute);
      }
    } catch (error) {
      forgetDir(path.dirname(absolute));
      await rm(temporary, { force: true }).catch(() => {});
      if (options.signal?.aborted) throw new GleanerError('ERR_DOWNLOAD_CANCELLED', 'Cancelled while storing');
      throw new GleanerError('ERR_STORE_WRITE', `Cannot write ${relativePath}: ${(error as Error).message}`, { cause: error });
    }
    // A rename keeps the file's mtime, so one read when the file was written is still right.
    mtimeNs ??= statSync(absolute, { bigint: true }).mtimeNs.toString();
    this.remember(relativePath, { size: body.size, mtimeNs, md5: body.md5 });
  }

  async close(): Promise<void> {
    if (!this.indexDirty) return;
    const target = path.join(this.baseDir, INDEX_NAME);
    const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      await writeFile(temporary, JSON.stringify(Object.fromEntries(this.index)));
      await rename(temporary, target);
      this.indexDirty = false;
    } catch {
      // The index is a cache: failing to save it only costs a re-hash next run.
      await rm(temporary, { force: true }).catch(() => {});
    }
  }

  private remember(relativePath: string, entry: IndexEntry): void {
    this.index.set(relativePath, entry);
    this.indexDirty = true;
  }
}

/**
 * Writes a body held in memory and returns its mtime (nanoseconds), read before closing so no second
 * stat is needed. Asynchronous on purpose: creating a file can take a millisecond or more (ext4 looking
 * for a free inode after mass deletions, network filesystems), which must not stall the event loop that
 * also feeds the image decoder and the daemon's clients. Plain callbacks rather than a FileHandle,
 * which adds an object and its clean-up to every file.
 */
async function writeBuffer(file: string, data: Buffer): Promise<string> {
  const fd = await new Promise<number>((resolve, reject) => open(file, 'w', (error, fd) => (error ? reject(error) : resolve(fd))));
  try {
    for (let at = 0; at < data.length; ) {
      at += await new Promise<number>((resolve, reject) =>
        write(fd, data, at, data.length - at, null, (error, written) => (error ? reject(error) : resolve(written))),
      );
    }
    return await new Promise<string>((resolve, reject) =>
      fstat(fd, { bigint: true }, (error, stats) => (error ? reject(error) : resolve(stats.mtimeNs.toString()))),
    );
  } finally {
    await new Promise<void>((resolve, reject) => close(fd, (error) => (error ? reject(error) : resolve())));
  }
}

/** Renames `file` to `target`; false when they are on different filesystems (the caller copies). */
function moveFile(file: string, target: string): boolean {
  try {
    renameSync(file, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') return false;
    throw error;
  }
}

// A hard link is instant when the staged download is on the same filesystem; a copy otherwise.
async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch {
    await copyFile(source, target);
  }
}

export async function md5File(file: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
