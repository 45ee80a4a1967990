// Every setting Gleaner reads, with its type and default. Scrapy's names are used where Scrapy has the
// setting, so a Scrapy settings block translates one-to-one; Gleaner's own additions are marked.
// The README's settings table is written from this list.

export type SettingKind = 'string' | 'int' | 'float' | 'bool' | 'thumbs' | 'intlist' | 'headers';

export interface SettingSpec {
  kind: SettingKind;
  default: unknown;
  /** Shown in `--help`-style listings and the README. */
  doc: string;
  /** Never printed in logs or banners. */
  secret?: boolean;
}

const GIB = 1024 * 1024 * 1024;

export const SETTINGS = {
  FILES_STORE: { kind: 'string', default: undefined, doc: 'Where the Files pipeline stores files (folder, ftp://, s3://, gs://). Unset: pipeline off.' },
  IMAGES_STORE: { kind: 'string', default: undefined, doc: 'Where the Images pipeline stores images. Unset: pipeline off.' },
  FILES_EXPIRES: { kind: 'int', default: 90, doc: 'Days before a stored file is downloaded again.' },
  IMAGES_EXPIRES: { kind: 'int', default: 90, doc: 'Days before a stored image is downloaded again.' },
  FILES_URLS_FIELD: { kind: 'string', default: 'file_urls', doc: 'Item field holding file URLs.' },
  FILES_RESULT_FIELD: { kind: 'string', default: 'files', doc: 'Item field receiving file results.' },
  IMAGES_URLS_FIELD: { kind: 'string', default: 'image_urls', doc: 'Item field holding image URLs.' },
  IMAGES_RESULT_FIELD: { kind: 'string', default: 'images', doc: 'Item field receiving image results.' },
  IMAGES_THUMBS: { kind: 'thumbs', default: {}, doc: 'Thumbnails to make: {"name": [width, height]}.' },
  IMAGES_MIN_WIDTH: { kind: 'int', default: 0, doc: 'Images narrower than this are rejected.' },
  IMAGES_MIN_HEIGHT: { kind: 'int', default: 0, doc: 'Images shorter than this are rejected.' },
  IMAGES_MAX_PIXELS: { kind: 'int', default: 178956970, doc: 'Gleaner: images with more pixels are rejected undecoded (decompression bombs).' },
  MEDIA_ALLOW_REDIRECTS: { kind: 'bool', default: true, doc: 'Follow redirects for media (Scrapy default: false).' },
  REDIRECT_MAX_TIMES: { kind: 'int', default: 20, doc: 'Most redirects followed for one file.' },
  FILES_STORE_S3_ACL: { kind: 'string', default: 'private', doc: 'S3 canned ACL for files.' },
  IMAGES_STORE_S3_ACL: { kind: 'string', default: 'private', doc: 'S3 canned ACL for images.' },
  FILES_STORE_GCS_ACL: { kind: 'string', default: '', doc: 'GCS predefined ACL for files (empty: bucket default).' },
  IMAGES_STORE_GCS_ACL: { kind: 'string', default: '', doc: 'GCS predefined ACL for images (empty: bucket default).' },
  GCS_PROJECT_ID: { kind: 'string', default: undefined, doc: 'Google Cloud project id.' },
  GCS_API_ENDPOINT: { kind: 'string', default: undefined, doc: 'Gleaner: GCS JSON API endpoint, for emulators and test servers (unset: STORAGE_EMULATOR_HOST, else Google).' },
  AWS_ACCESS_KEY_ID: { kind: 'string', default: undefined, doc: 'S3 access key (else the AWS SDK chain).', secret: true },
  AWS_SECRET_ACCESS_KEY: { kind: 'string', default: undefined, doc: 'S3 secret key (else the AWS SDK chain).', secret: true },
  AWS_SESSION_TOKEN: { kind: 'string', default: undefined, doc: 'S3 session token.', secret: true },
  AWS_ENDPOINT_URL: { kind: 'string', default: undefined, doc: 'Endpoint of an S3-compatible server (path-style addressing).' },
  AWS_REGION_NAME: { kind: 'string', default: undefined, doc: 'S3 region.' },
  AWS_USE_SSL: { kind: 'bool', default: undefined, doc: 'Use https for the S3 endpoint (unset: as the endpoint URL says).' },
  AWS_VERIFY: { kind: 'bool', default: undefined, doc: 'Verify the S3 server certificate (unset: yes).' },
  AWS_MAX_POOL_CONNECTIONS: { kind: 'int', default: 10, doc: 'Most parallel S3 connections.' },
  FTP_USER: { kind: 'string', default: 'anonymous', doc: 'FTP user when the URI has none.' },
  FTP_PASSWORD: { kind: 'string', default: 'guest', doc: 'FTP password when the URI has none.', secret: true },
  FEED_STORAGE_FTP_ACTIVE: { kind: 'bool', default: false, doc: 'Use active FTP mode instead of passive.' },
  CONCURRENT_REQUESTS: { kind: 'int', default: 16, doc: 'Most downloads at once.' },
  CONCURRENT_REQUESTS_PER_DOMAIN: { kind: 'int', default: 8, doc: 'Most downloads at once from one host.' },
  DOWNLOAD_TIMEOUT: { kind: 'float', default: 180, doc: 'Seconds to wait for response headers, and for each next piece of the body.' },
  DOWNLOAD_CONNECT_TIMEOUT: { kind: 'float', default: 30, doc: 'Gleaner: seconds to wait for a connection.' },
  DOWNLOAD_MAXSIZE: { kind: 'int', default: GIB, doc: 'Largest body accepted, in bytes (0: no limit); enforced while streaming.' },
  DOWNLOAD_WARNSIZE: { kind: 'int', default: 32 * 1024 * 1024, doc: 'Bodies larger than this are logged as a warning.' },
  DOWNLOAD_DELAY: { kind: 'float', default: 0, doc: 'Seconds between request starts to one host (the minimum when AutoThrottle is on).' },
  AUTOTHROTTLE_ENABLED: { kind: 'bool', default: false, doc: 'Adapt the delay per host to its latency (Scrapy\'s AutoThrottle).' },
  AUTOTHROTTLE_START_DELAY: { kind: 'float', default: 5, doc: 'AutoThrottle: first delay per host, in seconds.' },
  AUTOTHROTTLE_MAX_DELAY: { kind: 'float', default: 60, doc: 'AutoThrottle: longest delay per host, in seconds.' },
  AUTOTHROTTLE_TARGET_CONCURRENCY: { kind: 'float', default: 1, doc: 'AutoThrottle: requests in flight per host to aim for.' },
  HOST_CIRCUIT_FAILURES: { kind: 'int', default: 10, doc: 'Gleaner: failed attempts in a row that pause a host (0: never).' },
  HOST_CIRCUIT_PAUSE: { kind: 'float', default: 30, doc: 'Gleaner: seconds a failing host is paused; its files fail fast meanwhile.' },
  RETRY_ENABLED: { kind: 'bool', default: true, doc: 'Retry failed downloads.' },
  RETRY_TIMES: { kind: 'int', default: 2, doc: 'Retries after the first attempt.' },
  RETRY_HTTP_CODES: { kind: 'intlist', default: [500, 502, 503, 504, 522, 524, 408, 429], doc: 'Statuses that are retried.' },
  RETRY_BACKOFF_BASE: { kind: 'float', default: 0.5, doc: 'Gleaner: first retry delay in seconds; doubles each retry.' },
  RETRY_BACKOFF_MAX: { kind: 'float', default: 30, doc: 'Gleaner: longest retry delay (and longest Retry-After honoured), in seconds.' },
  DEFAULT_REQUEST_HEADERS: { kind: 'headers', default: {}, doc: 'Headers sent with every media request: {"Name": "value"}.' },
  USER_AGENT: { kind: 'string', default: 'Gleaner/0.1 (media collector)', doc: 'User-Agent header sent with every download.' },
  MEDIA_REFERER_FIELD: { kind: 'string', default: 'referer', doc: 'Gleaner: item field whose value is sent as Referer.' },
  MEDIA_HEADERS_FIELD: { kind: 'string', default: 'media_headers', doc: 'Gleaner: item field with extra request headers {name: value}.' },
  IMAGES_THUMBS_EXACT: { kind: 'bool', default: false, doc: "Gleaner: make thumbnails pixel-identical to Pillow's (slower)." },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

export function isKnownSetting(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name);
}
