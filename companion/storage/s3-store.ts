// S3 and S3-compatible store (Scrapy's S3FilesStore), URI s3://bucket[/folder].
//
// Differences from Scrapy, on purpose: the folder is a folder (s3://b/images → images/full/…, difference
// 7); each pipeline has its own ACL (difference 9); LastModified is read as the UTC instant it is; the
// MD5 of the body is kept in the object's metadata (x-amz-meta-gleaner-md5) so stat() returns a real
// MD5 even for multipart uploads, whose ETag is not one. Bodies are streamed through lib-storage's
// Upload: one PutObject for small bodies, a multipart upload (8 MiB parts, 4 at a time) for large ones;
// S3 makes either visible only when complete, and a failed multipart upload is aborted.
import https from 'node:https';
import http from 'node:http';
import { HeadBucketCommand, HeadObjectCommand, S3Client, type ObjectCannedACL, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { GleanerError } from '../../shared/errors.js';
import { coerceSetting } from '../config/settings.js';
import {
  StoreError, cancelledError, checkStorePath, errorMessage, isNetworkError, joinKey, parseBucketUri, scrub, stderrLogger,
} from './remote-common.js';
import type { PutBody, PutOptions, Store, StoreLogger, StoreOptions, StoredStat } from './store.js';

export const S3_MD5_META = 'gleaner-md5';
const CANNED_ACLS = new Set([
  'private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control',
]);
const MIN_PART = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;
const MD5_HEX = /^[0-9a-f]{32}$/;

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; $fault?: string; Code?: string };

export class S3Store implements Store {
  readonly displayUri: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly acl: string;
  readonly client: S3Client;
  private readonly logger: StoreLogger;
  private readonly secrets: (string | undefined)[];
  private readonly explicitCredentials: boolean;
  private warnedStatDenied = false;

  constructor(uri: string, options: StoreOptions) {
    const settingName = options.pipeline === 'images' ? 'IMAGES_STORE' : 'FILES_STORE';
    ({ bucket: this.bucket, prefix: this.prefix } = parseBucketUri(uri, 's3', settingName));
    this.displayUri = `s3://${this.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
    this.logger = options.logger ?? stderrLogger;
    const get = (name: string): unknown => coerceSetting(name, options.settings[name]);

    const aclSetting = options.pipeline === 'images' ? 'IMAGES_STORE_S3_ACL' : 'FILES_STORE_S3_ACL';
    const acl = (get(aclSetting) as string | undefined) ?? 'private';
    if (acl !== '' && !CANNED_ACLS.has(acl)) {
      throw new GleanerError('ERR_CONFIG_INVALID', `${aclSetting} must be an S3 canned ACL (${[...CANNED_ACLS].join(', ')}) or empty, got ${JSON.stringify(acl)}`);
    }
    this.acl = acl;

    const accessKeyId = get('AWS_ACCESS_KEY_ID') as string | undefined;
    const secretAccessKey = get('AWS_SECRET_ACCESS_KEY') as string | undefined;
    const sessionToken = get('AWS_SESSION_TOKEN') as string | undefined;
    this.secrets = [accessKeyId, secretAccessKey, sessionToken];
    if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
      const missing = accessKeyId ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID';
      const given = accessKeyId ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY';
      throw new GleanerError('ERR_CONFIG_CREDENTIALS', `${given} is set but ${missing} is not (needed for ${this.displayUri})`);
    }
    if (sessionToken && !accessKeyId) {
      throw new GleanerError('ERR_CONFIG_CREDENTIALS', `AWS_SESSION_TOKEN is set without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (needed for ${this.displayUri})`);
    }
    this.explicitCredentials = Boolean(accessKeyId);

    const useSsl = get('AWS_USE_SSL') as boolean | undefined;
    const verify = get('AWS_VERIFY') as boolean | undefined;
    const maxSockets = (get('AWS_MAX_POOL_CONNECTIONS') as number | undefined) ?? 10;
    const endpoint = this.endpoint(get('AWS_ENDPOINT_URL') as string | undefined, useSsl);
    const region = (get('AWS_REGION_NAME') as string | undefined) || (endpoint ? 'us-east-1' : undefined);

    const config: S3ClientConfig = {
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // One quick retry per request here (it saves a multipart upload's other parts); the store-level
      // retry policy (retrying-store.ts) handles longer outages.
      maxAttempts: 2,
      requestHandler: {
        httpsAgent: new https.Agent({ keepAlive: true, maxSockets: Math.max(1, maxSockets), rejectUnauthorized: verify !== false }),
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: Math.max(1, maxSockets) }),
        connectionTimeout: 30_000,
      },
    };
    if (region) config.region = region;
    if (endpoint) {
      config.endpoint = endpoint;
      config.forcePathStyle = true;
    } else {
      config.followRegionRedirects = true;
      if (useSsl === false) config.tls = false;
    }
    if (accessKeyId && secretAccessKey) {
      config.credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    }
    this.client = new S3Client(config);
  }

  private endpoint(raw: string | undefined, useSsl: boolean | undefined): string | undefined {
    if (!raw) return undefined;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new GleanerError('ERR_CONFIG_INVALID', 'AWS_ENDPOINT_URL must be a URL such as https://s3.example.com:9000');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new GleanerError('ERR_CONFIG_INVALID', 'AWS_ENDPOINT_URL must be an http:// or https:// URL');
    }
    if (url.username || url.password) {
      throw new GleanerError('ERR_CONFIG_INVALID', 'AWS_ENDPOINT_URL must not contain credentials: use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    }
    if (useSsl !== undefined) url.protocol = useSsl ? 'https:' : 'http:';
    return url.toString().replace(/\/$/, '');
  }

  async open(): Promise<void> {
    if (!this.explicitCredentials) {
      try {
        await this.client.config.credentials();
      } catch {
        throw new GleanerError(
          'ERR_CONFIG_CREDENTIALS',
          `No AWS credentials for ${this.displayUri}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure the AWS SDK (environment, ~/.aws, instance role)`,
        );
      }
    }
    try {
      await this.client.config.region();
    } catch {
      throw new GleanerError('ERR_CONFIG_INVALID', `No AWS region for ${this.displayUri}: set AWS_REGION_NAME`);
    }
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = (error as SdkError).$metadata?.httpStatusCode;
      if (status === 404) {
        throw new GleanerError('ERR_CONFIG_STORE_URI', `The S3 bucket "${this.bucket}" does not exist (${this.displayUri})`);
      }
      if (status === 403) {
        // Write-only credentials may lack s3:ListBucket; uploads can still work.
        this.logger.warn({ bucket: this.bucket }, `No permission to check S3 bucket ${this.bucket}; uploads will be tried anyway.`);
        return;
      }
      throw this.wrap(error, 'ERR_STORE_UNAVAILABLE', `reach ${this.displayUri}`);
    }
  }

  key(relativePath: string): string {
    return joinKey(this.prefix, checkStorePath(relativePath));
  }

  async stat(relativePath: string, signal?: AbortSignal): Promise<StoredStat | null> {
    const key = this.key(relativePath);
    let head;
    try {
      head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: signal });
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      const status = (error as SdkError).$metadata?.httpStatusCode;
      if (status === 404) return null;
      if (status === 403) {
        // Without s3:ListBucket, S3 answers 403 for a missing key: treat as "not stored", say so once.
        if (!this.warnedStatDenied) {
          this.warnedStatDenied = true;
          this.logger.warn({ bucket: this.bucket }, `No permission to read S3 objects in ${this.displayUri}. Checking if files are up to date will be impossible. Files will be downloaded every time.`);
        }
        return null;
      }
      throw this.wrap(error, 'ERR_STORE_READ', `check ${key} in s3://${this.bucket}`);
    }
    const lastModified = head.LastModified ? head.LastModified.getTime() / 1000 : 0;
    const fromMeta = head.Metadata?.[S3_MD5_META]?.toLowerCase();
    const etag = head.ETag?.replace(/"/g, '').toLowerCase();
    const checksum = fromMeta && MD5_HEX.test(fromMeta) ? fromMeta : etag && MD5_HEX.test(etag) ? etag : null;
    return { lastModified, checksum };
  }

  async put(relativePath: string, body: PutBody, options: PutOptions = {}): Promise<void> {
    const key = this.key(relativePath);
    const { signal } = options;
    if (signal?.aborted) throw cancelledError();
    const metadata: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.meta ?? {})) metadata[name.toLowerCase()] = String(value);
    metadata[S3_MD5_META] = body.md5;

    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const stream = body.open();
    try {
      const upload = new Upload({
        client: this.client,
        params: {
          Bucket: this.bucket,
          Key: key,
          Body: stream,
          ...(this.acl ? { ACL: this.acl as ObjectCannedACL } : {}),
          CacheControl: 'max-age=172800',
          ...(options.contentType ? { ContentType: options.contentType } : {}),
          Metadata: metadata,
        },
        partSize: Math.max(MIN_PART, Math.ceil(body.size / MAX_PARTS)),
        queueSize: 4,
        leavePartsOnError: false,
        abortController: controller,
      });
      await upload.done();
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      throw this.wrap(error, 'ERR_STORE_WRITE', `store ${key} in s3://${this.bucket}`);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      stream.destroy();
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  /** Turns an SDK or network error into a coded StoreError whose message holds no secret. */
  private wrap(error: unknown, fallback: 'ERR_STORE_READ' | 'ERR_STORE_WRITE' | 'ERR_STORE_UNAVAILABLE', doing: string): StoreError {
    const e = error as SdkError;
    const status = e?.$metadata?.httpStatusCode;
    const detail = scrub(`${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${errorMessage(error)}`, this.secrets);
    if (isNetworkError(error) && status === undefined) {
      return new StoreError('ERR_STORE_UNAVAILABLE', `Cannot ${doing}: the S3 server is unreachable (${detail})`, { cause: error, transient: true });
    }
    if (status === 403 || e?.name === 'AccessDenied' || e?.name === 'InvalidAccessKeyId' || e?.name === 'SignatureDoesNotMatch') {
      return new StoreError('ERR_STORE_PERMISSION', `Cannot ${doing}: access denied (${detail})`, { cause: error });
    }
    const transient = status === undefined || status >= 500 || status === 429 || status === 408
      || e?.name === 'SlowDown' || e?.name === 'RequestTimeout';
    return new StoreError(fallback, `Cannot ${doing}: ${detail}${status ? ` (HTTP ${status})` : ''}`, { cause: error, transient });
  }
}
