// Chooses a storage backend by the store URI's scheme (Scrapy's FilesPipeline._get_store): an absolute
// path, a relative path or file:// is the filesystem; ftp://, s3:// and gs:// are the remote backends.
// Remote backends are imported lazily so a filesystem-only user never loads a cloud SDK.
import path from 'node:path';
import { GleanerError } from '../../shared/errors.js';
import { FsStore } from './fs-store.js';
import { withRetries } from './retrying-store.js';
import type { Store, StoreOptions } from './store.js';

export type StoreScheme = 'fs' | 'ftp' | 's3' | 'gs';

export function storeScheme(uri: string): StoreScheme {
  if (path.isAbsolute(uri)) return 'fs';
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri);
  // A one-letter "scheme" is a Windows drive letter, not a URI scheme.
  const scheme = match && match[1]!.length > 1 ? match[1]!.toLowerCase() : '';
  switch (scheme) {
    case '':
    case 'file':
      return 'fs';
    case 'ftp':
    case 's3':
    case 'gs':
      return scheme;
    default:
      throw new GleanerError('ERR_CONFIG_STORE_URI', `Unsupported store scheme "${scheme}" in ${uri}: use a folder, ftp://, s3:// or gs://`);
  }
}

/**
 * Builds the store for a URI. The remote backends are imported here, on first use, and wrapped in the
 * shared retry policy (retrying-store.ts); their constructors validate URI, settings and credentials, so
 * a configuration error is thrown now, before any job runs. Call open() before use and close() after.
 */
// Twice the idle timeout: a download still running has written to its staging file since then.
function staleStagingMs(options: StoreOptions): number {
  const timeout = Number(options.settings.DOWNLOAD_TIMEOUT);
  return Number.isFinite(timeout) && timeout > 0 ? 2 * timeout * 1000 : 60 * 60 * 1000;
}

export async function createStore(uri: string, options: StoreOptions): Promise<Store> {
  const scheme = storeScheme(uri);
  switch (scheme) {
    case 'fs':
      return new FsStore(uri, staleStagingMs(options));
    case 's3': {
      const { S3Store } = await import('./s3-store.js');
      return withRetries(new S3Store(uri, options), options.retry);
    }
    case 'gs': {
      const { GcsStore } = await import('./gcs-store.js');
      return withRetries(new GcsStore(uri, options), options.retry);
    }
    case 'ftp': {
      const { FtpStore } = await import('./ftp-store.js');
      return withRetries(new FtpStore(uri, options), options.retry);
    }
  }
}
