// Google Cloud Storage store (Scrapy's GCSFilesStore), URI gs://bucket[/folder].
//
// As Scrapy: client for GCS_PROJECT_ID with the application default credentials, a permission check at
// start (warnings, not failures), cacheControl max-age=172800, metadata as strings, the content type (else
// application/octet-stream), the predefined ACL of the pipeline (empty: bucket default). Differences, on
// purpose: the folder is a folder (difference 7), each pipeline has its own ACL (difference 9), `updated`
// is read as the UTC instant it is, and bodies are streamed: a multipart upload for small bodies, a
// resumable upload in 8 MiB chunks for large ones. Both send the body's MD5 so the server refuses a
// corrupted upload, and neither makes the object visible before it is complete.
// GCS_API_ENDPOINT (or STORAGE_EMULATOR_HOST) points the client at an emulator or test server.
import { pipeline } from 'node:stream/promises';
import { Storage, type Bucket } from '@google-cloud/storage';
import { GleanerError } from '../../shared/errors.js';
import { coerceSetting } from '../config/settings.js';
import {
  StoreError, cancelledError, checkStorePath, errorMessage, isNetworkError, joinKey, parseBucketUri, stderrLogger,
} from './remote-common.js';
import type { PutBody, PutOptions, Store, StoreLogger, StoreOptions, StoredStat } from './store.js';

const PREDEFINED_ACLS = new Set(['authenticatedRead', 'bucketOwnerFullControl', 'bucketOwnerRead', 'private', 'projectPrivate', 'publicRead']);
const RESUMABLE_ABOVE = 8 * 1024 * 1024;
const CHUNK_SIZE = 8 * 1024 * 1024;
const GET = 'storage.objects.get';
const CREATE = 'storage.objects.create';

type ApiError = Error & { code?: number | string; errors?: { reason?: string }[] };

export class GcsStore implements Store {
  readonly displayUri: string;
  readonly bucketName: string;
  readonly prefix: string;
  readonly acl: string | undefined;
  readonly storage: Storage;
  private readonly bucket: Bucket;
  private readonly logger: StoreLogger;
  /** An emulator or test server needs no credentials (the client sends none to a custom endpoint). */
  private readonly customEndpoint: boolean;
  private warnedStatDenied = false;

  constructor(uri: string, options: StoreOptions) {
    const settingName = options.pipeline === 'images' ? 'IMAGES_STORE' : 'FILES_STORE';
    ({ bucket: this.bucketName, prefix: this.prefix } = parseBucketUri(uri, 'gs', settingName));
    this.displayUri = `gs://${this.bucketName}${this.prefix ? `/${this.prefix}` : ''}`;
    this.logger = options.logger ?? stderrLogger;
    const get = (name: string): unknown => coerceSetting(name, options.settings[name]);

    const aclSetting = options.pipeline === 'images' ? 'IMAGES_STORE_GCS_ACL' : 'FILES_STORE_GCS_ACL';
    const acl = (get(aclSetting) as string | undefined) ?? '';
    if (acl !== '' && !PREDEFINED_ACLS.has(acl)) {
      throw new GleanerError('ERR_CONFIG_INVALID', `${aclSetting} must be a GCS predefined ACL (${[...PREDEFINED_ACLS].join(', ')}) or empty, got ${JSON.stringify(acl)}`);
    }
    this.acl = acl || undefined;

    const projectId = get('GCS_PROJECT_ID') as string | undefined;
    const endpoint = get('GCS_API_ENDPOINT') as string | undefined;
    if (endpoint) {
      let url: URL | undefined;
      try {
        url = new URL(endpoint);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
        throw new GleanerError('ERR_CONFIG_INVALID', 'GCS_API_ENDPOINT must be an http(s) URL without credentials, such as http://127.0.0.1:4443');
      }
    }
    this.customEndpoint = Boolean(endpoint || process.env.STORAGE_EMULATOR_HOST);
    this.storage = new Storage({
      ...(projectId ? { projectId } : {}),
      ...(endpoint ? { apiEndpoint: endpoint.replace(/\/$/, '') } : {}),
      // One retry policy for all backends: retrying-store.ts.
      retryOptions: { autoRetry: false },
    });
    this.bucket = this.storage.bucket(this.bucketName);
  }

  async open(): Promise<void> {
    if (!this.customEndpoint) {
      try {
        await this.storage.authClient.getClient();
      } catch (error) {
        throw new GleanerError(
          'ERR_CONFIG_CREDENTIALS',
          `No usable Google credentials for ${this.displayUri}: set GOOGLE_APPLICATION_CREDENTIALS or run "gcloud auth application-default login" (${errorMessage(error)})`,
        );
      }
    }
    let granted: Record<string, boolean>;
    try {
      [granted] = await this.bucket.iam.testPermissions([GET, CREATE]);
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) {
        throw new GleanerError('ERR_CONFIG_STORE_URI', `The GCS bucket "${this.bucketName}" does not exist (${this.displayUri})`);
      }
      if (status === 401 || /credentials|authenticat/i.test(errorMessage(error))) {
        throw new GleanerError(
          'ERR_CONFIG_CREDENTIALS',
          `No usable Google credentials for ${this.displayUri}: set GOOGLE_APPLICATION_CREDENTIALS or run "gcloud auth application-default login" (${errorMessage(error)})`,
        );
      }
      throw this.wrap(error, 'ERR_STORE_UNAVAILABLE', `reach ${this.displayUri}`);
    }
    if (!granted[GET]) {
      this.logger.warn(
        { bucket: this.bucketName, permission: GET },
        `No 'storage.objects.get' permission for GCS bucket ${this.bucketName}. Checking if files are up to date will be impossible. Files will be downloaded every time.`,
      );
    }
    if (!granted[CREATE]) {
      this.logger.error(
        { bucket: this.bucketName, permission: CREATE },
        `No 'storage.objects.create' permission for GCS bucket ${this.bucketName}. Saving files will be impossible!`,
      );
    }
  }

  key(relativePath: string): string {
    return joinKey(this.prefix, checkStorePath(relativePath));
  }

  async stat(relativePath: string, signal?: AbortSignal): Promise<StoredStat | null> {
    const key = this.key(relativePath);
    if (signal?.aborted) throw cancelledError();
    let metadata;
    try {
      [metadata] = await this.bucket.file(key).getMetadata();
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      const status = statusOf(error);
      if (status === 404) return null;
      if (status === 403) {
        if (!this.warnedStatDenied) {
          this.warnedStatDenied = true;
          this.logger.warn({ bucket: this.bucketName }, `No permission to read objects in ${this.displayUri}. Checking if files are up to date will be impossible. Files will be downloaded every time.`);
        }
        return null;
      }
      throw this.wrap(error, 'ERR_STORE_READ', `check ${key} in gs://${this.bucketName}`);
    }
    if (signal?.aborted) throw cancelledError();
    const updated = metadata.updated ? Date.parse(String(metadata.updated)) : Number.NaN;
    const md5 = typeof metadata.md5Hash === 'string' ? Buffer.from(metadata.md5Hash, 'base64').toString('hex') : '';
    return { lastModified: Number.isFinite(updated) ? updated / 1000 : 0, checksum: md5.length === 32 ? md5 : null };
  }

  async put(relativePath: string, body: PutBody, options: PutOptions = {}): Promise<void> {
    const key = this.key(relativePath);
    const { signal } = options;
    if (signal?.aborted) throw cancelledError();
    const meta: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.meta ?? {})) meta[name] = String(value);
    const resumable = body.size > RESUMABLE_ABOVE;
    const target = this.bucket.file(key).createWriteStream({
      resumable,
      ...(resumable ? { chunkSize: CHUNK_SIZE } : {}),
      validation: 'md5',
      ...(this.acl ? { predefinedAcl: this.acl as 'private' } : {}),
      metadata: {
        contentType: options.contentType ?? 'application/octet-stream',
        cacheControl: 'max-age=172800',
        md5Hash: Buffer.from(body.md5, 'hex').toString('base64'),
        metadata: meta,
      },
    });
    try {
      await pipeline(body.open(), target, ...(signal ? [{ signal }] : []));
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      throw this.wrap(error, 'ERR_STORE_WRITE', `store ${key} in gs://${this.bucketName}`);
    }
  }

  async close(): Promise<void> {
    // The client holds no connections that need closing.
  }

  private wrap(error: unknown, fallback: 'ERR_STORE_READ' | 'ERR_STORE_WRITE' | 'ERR_STORE_UNAVAILABLE', doing: string): StoreError {
    const status = statusOf(error);
    const detail = errorMessage(error);
    if (status === undefined && isNetworkError(error)) {
      return new StoreError('ERR_STORE_UNAVAILABLE', `Cannot ${doing}: the GCS server is unreachable (${detail})`, { cause: error, transient: true });
    }
    if (status === 401 || status === 403) {
      return new StoreError('ERR_STORE_PERMISSION', `Cannot ${doing}: access denied (${detail})`, { cause: error });
    }
    const transient = status === undefined || status >= 500 || status === 429 || status === 408;
    return new StoreError(fallback, `Cannot ${doing}: ${detail}${status ? ` (HTTP ${status})` : ''}`, { cause: error, transient });
  }
}

function statusOf(error: unknown): number | undefined {
  const code = (error as ApiError | undefined)?.code;
  if (typeof code === 'number') return code;
  const response = (error as { response?: { status?: unknown } } | undefined)?.response;
  return typeof response?.status === 'number' ? response.status : undefined;
}
