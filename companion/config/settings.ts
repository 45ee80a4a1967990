// Settings are resolved once, validated and frozen. Precedence is written down in one place
// (resolveSettings): defaults < config file < environment < -s NAME=VALUE < friendly flags < per-job
// options — the narrowest wins. Values from the environment and -s are strings and are coerced the
// way Scrapy's getint/getbool/getdict would.
import { GleanerError } from '../../shared/errors.js';
import { SETTINGS, isKnownSetting, type SettingKind, type SettingName } from './settings-table.js';

export type Thumbs = Record<string, [number, number]>;

export interface Settings {
  readonly FILES_STORE: string | undefined;
  readonly IMAGES_STORE: string | undefined;
  readonly FILES_EXPIRES: number;
  readonly IMAGES_EXPIRES: number;
  readonly FILES_URLS_FIELD: string;
  readonly FILES_RESULT_FIELD: string;
  readonly IMAGES_URLS_FIELD: string;
  readonly IMAGES_RESULT_FIELD: string;
  readonly IMAGES_THUMBS: Readonly<Thumbs>;
  readonly IMAGES_MIN_WIDTH: number;
  readonly IMAGES_MIN_HEIGHT: number;
  readonly IMAGES_MAX_PIXELS: number;
  readonly MEDIA_ALLOW_REDIRECTS: boolean;
  readonly REDIRECT_MAX_TIMES: number;
  readonly FILES_STORE_S3_ACL: string;
  readonly IMAGES_STORE_S3_ACL: string;
  readonly FILES_STORE_GCS_ACL: string;
  readonly IMAGES_STORE_GCS_ACL: string;
  readonly GCS_PROJECT_ID: string | undefined;
  readonly GCS_API_ENDPOINT: string | undefined;
  readonly AWS_ACCESS_KEY_ID: string | undefined;
  readonly AWS_SECRET_ACCESS_KEY: string | undefined;
  readonly AWS_SESSION_TOKEN: string | undefined;
  readonly AWS_ENDPOINT_URL: string | undefined;
  readonly AWS_REGION_NAME: string | undefined;
  readonly AWS_USE_SSL: boolean | undefined;
  readonly AWS_VERIFY: boolean | undefined;
  readonly AWS_MAX_POOL_CONNECTIONS: number;
  readonly FTP_USER: string;
  readonly FTP_PASSWORD: string;
  readonly FEED_STORAGE_FTP_ACTIVE: boolean;
  readonly CONCURRENT_REQUESTS: number;
  readonly CONCURRENT_REQUESTS_PER_DOMAIN: number;
  readonly DOWNLOAD_TIMEOUT: number;
  readonly DOWNLOAD_CONNECT_TIMEOUT: number;
  readonly DOWNLOAD_MAXSIZE: number;
  readonly DOWNLOAD_WARNSIZE: number;
  readonly DOWNLOAD_DELAY: number;
  readonly AUTOTHROTTLE_ENABLED: boolean;
  readonly AUTOTHROTTLE_START_DELAY: number;
  readonly AUTOTHROTTLE_MAX_DELAY: number;
  readonly AUTOTHROTTLE_TARGET_CONCURRENCY: number;
  readonly HOST_CIRCUIT_FAILURES: number;
  readonly HOST_CIRCUIT_PAUSE: number;
  readonly RETRY_ENABLED: boolean;
  readonly RETRY_TIMES: number;
  readonly RETRY_HTTP_CODES: readonly number[];
  readonly RETRY_BACKOFF_BASE: number;
  readonly RETRY_BACKOFF_MAX: number;
  readonly DEFAULT_REQUEST_HEADERS: Readonly<Record<string, string>>;
  readonly USER_AGENT: string;
  readonly MEDIA_REFERER_FIELD: string;
  readonly MEDIA_HEADERS_FIELD: string;
  readonly IMAGES_THUMBS_EXACT: boolean;
  /** Settings Gleaner does not know are kept (as given) for stores and extensions. */
  readonly [other: string]: unknown;
}

/** One layer of settings, as read from a source (values may still be strings). */
export type SettingsLayer = Readonly<Record<string, unknown>>;

function invalid(name: string, expected: string, value: unknown): GleanerError {
  return new GleanerError('ERR_CONFIG_INVALID', `${name} must be ${expected}, got ${JSON.stringify(value)}`);
}

function coerceInt(name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  throw invalid(name, 'an integer', value);
}

function coerceFloat(name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw invalid(name, 'a number', value);
}

// Scrapy's getbool: 1/0, True/False, true/false.
function coerceBool(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'True' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'False' || value === 'false') return false;
  throw invalid(name, 'a boolean (true/false/1/0)', value);
}

function parseJsonSetting(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw invalid(name, 'JSON', value);
  }
}

function coerceThumbs(name: string, raw: unknown): Thumbs {
  const value = parseJsonSetting(name, raw);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(name, 'an object like {"small": [50, 50]}', raw);
  }
  const thumbs: Thumbs = {};
  for (const [thumbName, size] of Object.entries(value)) {
    if (!/^[A-Za-z0-9_-]+$/.test(thumbName)) {
      throw invalid(`${name}.${thumbName}`, 'a name of letters, digits, _ and -', thumbName);
    }
    if (!Array.isArray(size) || size.length !== 2 || !size.every((n) => Number.isInteger(n) && n > 0)) {
      throw invalid(`${name}.${thumbName}`, 'a [width, height] pair of positive integers', size);
    }
    thumbs[thumbName] = [size[0], size[1]];
  }
  return thumbs;
}

function coerceIntList(name: string, raw: unknown): number[] {
  const value = typeof raw === 'string' && !raw.trim().startsWith('[') ? raw.split(',') : parseJsonSetting(name, raw);
  if (!Array.isArray(value)) throw invalid(name, 'a list of integers', raw);
  return value.map((v) => coerceInt(name, v));
}

function coerceHeaders(name: string, raw: unknown): Record<string, string> {
  const value = parseJsonSetting(name, raw);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(name, 'an object of header names to values', raw);
  const headers: Record<string, string> = {};
  for (const [header, headerValue] of Object.entries(value)) {
    if (typeof headerValue !== 'string') throw invalid(`${name}.${header}`, 'a string', headerValue);
    headers[header] = headerValue;
  }
  return headers;
}

function coerceString(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw invalid(name, 'a string', value);
}

const COERCE: Record<SettingKind, (name: string, value: unknown) => unknown> = {
  string: coerceString,
  int: coerceInt,
  float: coerceFloat,
  bool: coerceBool,
  thumbs: coerceThumbs,
  intlist: coerceIntList,
  headers: coerceHeaders,
};

export function coerceSetting(name: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (!isKnownSetting(name)) return value;
  return COERCE[SETTINGS[name].kind](name, value);
}

function checkRanges(s: Record<string, unknown>): void {
  const positive: SettingName[] = ['CONCURRENT_REQUESTS', 'CONCURRENT_REQUESTS_PER_DOMAIN', 'REDIRECT_MAX_TIMES', 'IMAGES_MAX_PIXELS'];
  for (const name of positive) {
    if ((s[name] as number) < 1) throw invalid(name, 'at least 1', s[name]);
  }
  const nonNegative: SettingName[] = [
    'IMAGES_MIN_WIDTH', 'IMAGES_MIN_HEIGHT', 'DOWNLOAD_MAXSIZE', 'DOWNLOAD_WARNSIZE', 'RETRY_TIMES',
    'RETRY_BACKOFF_BASE', 'RETRY_BACKOFF_MAX', 'AWS_MAX_POOL_CONNECTIONS', 'DOWNLOAD_DELAY', 'AUTOTHROTTLE_START_DELAY',
    'AUTOTHROTTLE_MAX_DELAY', 'HOST_CIRCUIT_FAILURES', 'HOST_CIRCUIT_PAUSE',
  ];
  for (const name of nonNegative) {
    if ((s[name] as number) < 0) throw invalid(name, 'zero or more', s[name]);
  }
  for (const name of ['DOWNLOAD_TIMEOUT', 'DOWNLOAD_CONNECT_TIMEOUT', 'AUTOTHROTTLE_TARGET_CONCURRENCY'] as const) {
    if ((s[name] as number) <= 0) throw invalid(name, 'more than 0 seconds', s[name]);
  }
  for (const name of ['FILES_URLS_FIELD', 'FILES_RESULT_FIELD', 'IMAGES_URLS_FIELD', 'IMAGES_RESULT_FIELD'] as const) {
    if ((s[name] as string) === '') throw invalid(name, 'a field name', s[name]);
  }
}

/**
 * Merges layers (lowest precedence first) over the defaults, coerces every value and freezes the result.
 * An empty FILES_STORE / IMAGES_STORE turns that pipeline off, as in Scrapy.
 */
export function resolveSettings(...layers: SettingsLayer[]): Settings {
  const merged: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SETTINGS)) merged[name] = spec.default;
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer)) {
      const coerced = coerceSetting(name, value);
      if (coerced !== undefined) merged[name] = coerced;
    }
  }
  for (const store of ['FILES_STORE', 'IMAGES_STORE'] as const) {
    if (merged[store] === '') merged[store] = undefined;
  }
  checkRanges(merged);
  const thumbs = merged.IMAGES_THUMBS as Thumbs;
  for (const size of Object.values(thumbs)) Object.freeze(size);
  Object.freeze(thumbs);
  Object.freeze(merged.RETRY_HTTP_CODES);
  Object.freeze(merged.DEFAULT_REQUEST_HEADERS);
  return Object.freeze(merged) as Settings;
}

/** Reads the settings Gleaner knows from environment variables with Scrapy's names. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): SettingsLayer {
  const layer: Record<string, unknown> = {};
  for (const name of Object.keys(SETTINGS)) {
    const value = env[name];
    if (value !== undefined) layer[name] = value;
  }
  return layer;
}

/** Settings safe to print: secrets replaced. */
export function redactSettings(settings: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(settings)) {
    const secret = isKnownSetting(name) && 'secret' in SETTINGS[name] && SETTINGS[name].secret;
    out[name] = secret && value !== undefined ? '***' : value;
  }
  return out;
}
