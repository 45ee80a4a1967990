// The storage interface every backend implements. The pipelines only ever see this: a path relative to
// the store root ("full/<sha1>.jpg"), a stat that makes expiry work, and a put from a stream.
import type { Readable } from 'node:stream';

export interface StoredStat {
  /** Last modification, in seconds since the epoch (UTC). */
  lastModified: number;
  /** MD5 hex of the stored bytes, or null where the backend cannot tell. */
  checksum: string | null;
}

/** What to store: a stream that can be opened again (for retries and multipart uploads). */
export interface PutBody {
  size: number;
  /** MD5 hex of the bytes, known before the upload (we hash while downloading or encoding). */
  md5: string;
  open(): Readable;
  /** A local file holding the same bytes, when there is one (lets the filesystem store link or copy it). */
  file?: string;
  /** The bytes themselves, when they are in memory (lets the filesystem store write them in one call). */
  data?: Buffer;
  /** The file's modification time in nanoseconds, when known (saves the filesystem store a stat). */
  mtimeNs?: string;
  /**
   * Present when the caller no longer needs `file`: a store on the same filesystem may then move the
   * file into place instead of copying it, and calls this to say it did.
   */
  moved?: () => void;
}

export interface PutOptions {
  /** Content-Type for backends that keep one (S3, GCS); images are stored as image/jpeg. */
  contentType?: string;
  /** Metadata for backends that keep it (width/height for images). */
  meta?: Record<string, string | number>;
  signal?: AbortSignal;
}

export interface Store {
  /** The store URI with any secret removed, for logs and banners. */
  readonly displayUri: string;
  /** A local folder where downloads can be staged so that storing them is a cheap link (filesystem store). */
  readonly stagingDir?: string;
  /** Checks at start (permissions, reachability). Throws a GleanerError with an ERR_CONFIG_* or ERR_STORE_* code. */
  open(): Promise<void>;
  /** Returns null when the path is not stored (or the store cannot tell). */
  stat(path: string, signal?: AbortSignal): Promise<StoredStat | null>;
  /** Stores the body under path, atomically: nothing appears under the final name until it is complete. */
  put(path: string, body: PutBody, options?: PutOptions): Promise<void>;
  /** Releases connections and flushes caches. */
  close(): Promise<void>;
}

/** Where a backend reports warnings (pino-compatible: `logger.warn({bucket}, 'message')`). */
export interface StoreLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** How the remote backends retry a failed operation (see retrying-store.ts). */
export interface StoreRetryOptions {
  /** Tries in all, the first included (default 3). */
  attempts?: number;
  /** Delay before the first retry, doubled for each next one (default 250 ms). */
  baseDelayMs?: number;
  /** Longest delay between two tries (default 5000 ms). */
  maxDelayMs?: number;
}

/** Pipeline-specific settings a backend needs (ACLs differ per pipeline: Scrapy difference 9). */
export interface StoreOptions {
  /** Which pipeline this store serves; selects FILES_STORE_S3_ACL vs IMAGES_STORE_S3_ACL etc. */
  pipeline: 'files' | 'images';
  /** All resolved settings (AWS_*, GCS_*, FTP_*, …), read-only. */
  settings: Readonly<Record<string, unknown>>;
  /** Receives the backends' warnings (GCS permissions, …); default: lines on stderr. */
  logger?: StoreLogger;
  /** Retry policy for the remote backends (createStore applies it); defaults suit real servers. */
  retry?: StoreRetryOptions;
}
