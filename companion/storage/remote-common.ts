// Pieces the remote backends (S3, GCS, FTP) share: the store-path rule, bucket URIs, coded errors that
// say whether trying again may help, secret scrubbing, and the default logger.
import { GleanerError, type ErrorCode } from '../../shared/errors.js';
import type { StoreLogger } from './store.js';

/** A store failure. `transient` marks failures a retry may cure (connection lost, 5xx, throttling). */
export class StoreError extends GleanerError {
  readonly transient: boolean;
  constructor(code: ErrorCode, message: string, options: { cause?: unknown; transient?: boolean } = {}) {
    super(code, message, { cause: options.cause });
    this.transient = options.transient ?? false;
  }
}

export function isTransient(error: unknown): boolean {
  return error instanceof StoreError && error.transient;
}

export function cancelledError(): GleanerError {
  return new GleanerError('ERR_DOWNLOAD_CANCELLED', 'Cancelled while storing');
}

/** The same rule as the filesystem store: a relative path of non-empty segments, no `.`/`..`. */
export function checkStorePath(relativePath: string): string {
  const parts = relativePath.split('/');
  if (relativePath === '' || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) {
    throw new GleanerError('ERR_STORE_PATH', `Refusing to store under ${JSON.stringify(relativePath)}`);
  }
  return relativePath;
}

/** A prefix is a folder (Gleaner difference 7): `images` + `full/a.jpg` → `images/full/a.jpg`. */
export function joinKey(prefix: string, relativePath: string): string {
  return prefix === '' ? relativePath : `${prefix}/${relativePath}`;
}

export interface BucketUri {
  bucket: string;
  /** Folder inside the bucket without leading or trailing slashes; '' for the bucket root. */
  prefix: string;
}

/** Parses `s3://bucket[/prefix]` or `gs://bucket[/prefix]`. Errors never repeat what came before the host. */
export function parseBucketUri(uri: string, scheme: 's3' | 'gs', settingName: string): BucketUri {
  const label = scheme === 's3' ? 'S3' : 'GCS';
  const match = new RegExp(`^${scheme}://([^/?#]*)(/[^?#]*)?$`, 'i').exec(uri);
  if (!match) {
    throw new GleanerError('ERR_CONFIG_STORE_URI', `${settingName}: a ${label} store URI looks like ${scheme}://bucket/folder (no query or fragment)`);
  }
  const bucket = match[1] ?? '';
  if (bucket.includes('@') || bucket.includes(':')) {
    const where = scheme === 's3' ? 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY' : 'the Google application default credentials';
    throw new GleanerError(
      'ERR_CONFIG_STORE_URI',
      `${settingName}: a ${scheme}:// URI takes no user, password or port; give credentials in ${where}`,
    );
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/.test(bucket)) {
    throw new GleanerError('ERR_CONFIG_STORE_URI', `${settingName}: "${bucket}" is not a valid ${label} bucket name (${scheme}://bucket/folder)`);
  }
  const segments = (match[2] ?? '').split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) {
    throw new GleanerError('ERR_CONFIG_STORE_URI', `${settingName}: the folder in ${scheme}://${bucket}/… may not contain "." or ".."`);
  }
  return { bucket, prefix: segments.join('/') };
}

/** Replaces every secret (and its URL-encoded form) in a text with ***. */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 3) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Node's socket-level error codes that mean "could not reach or lost the server". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'EAI_AGAIN', 'ENOTFOUND', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CLOSED', 'UND_ERR_SOCKET', 'EADDRNOTAVAIL',
]);

/** True for errors that mean the server could not be reached or the connection broke. */
export function isNetworkError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (/socket hang up|ECONNREFUSED|ECONNRESET|closed unexpectedly|FIN packet|connection.*clos|timed? ?out/i.test(e.message)) return true;
  }
  return false;
}

/** The default logger: one line per message on stderr. */
export const stderrLogger: StoreLogger = {
  warn(_obj, msg) {
    process.stderr.write(`gleaner: warning: ${msg}\n`);
  },
  error(_obj, msg) {
    process.stderr.write(`gleaner: error: ${msg}\n`);
  },
};
