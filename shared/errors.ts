// The one catalogue of error codes. Every error Gleaner reports — in a result's `<field>_errors`, on the
// wire, or on the command line — carries one of these codes. The README lists them all; a test keeps the
// two in sync, so add a code here and a row there together.

export const ERROR_CATALOGUE = {
  // Configuration (checked once at start; the process or job refuses to start)
  ERR_CONFIG_INVALID: 'A setting has an invalid value.',
  ERR_CONFIG_FILE: 'The configuration file cannot be read or is not valid JSON.',
  ERR_CONFIG_NO_PIPELINE: 'Neither FILES_STORE nor IMAGES_STORE is set, so no pipeline would run.',
  ERR_CONFIG_STORE_URI: 'A store URI is malformed or names an unsupported scheme.',
  ERR_CONFIG_CREDENTIALS: 'A store needs credentials that are missing.',

  // Input (a bad item or line; the rest of the job runs)
  ERR_INPUT_JSON: 'The input line is not valid JSON.',
  ERR_INPUT_NOT_OBJECT: 'The input line is not a JSON object.',
  ERR_INPUT_URLS_NOT_LIST: 'The URL field of an item must be a list of URLs.',
  ERR_INPUT_HEADERS: 'The item\'s Referer or request headers are not valid.',

  // Download (per file)
  ERR_DOWNLOAD_SCHEME: 'Only http, https and data: URLs are fetched.',
  ERR_DOWNLOAD_INVALID_URL: 'The URL cannot be parsed.',
  ERR_DOWNLOAD_HTTP_STATUS: 'The server answered with a status other than 200.',
  ERR_DOWNLOAD_REDIRECT: 'The server redirected and redirects are turned off (MEDIA_ALLOW_REDIRECTS=false).',
  ERR_DOWNLOAD_TOO_MANY_REDIRECTS: 'Too many redirects.',
  ERR_DOWNLOAD_EMPTY: 'The server sent an empty body.',
  ERR_DOWNLOAD_TOO_LARGE: 'The body is larger than DOWNLOAD_MAXSIZE.',
  ERR_DOWNLOAD_TRUNCATED: 'The body ended before the length the server announced.',
  ERR_DOWNLOAD_TIMEOUT: 'The server did not answer in time.',
  ERR_DOWNLOAD_CONNECTION: 'The connection failed (refused, reset or closed).',
  ERR_DOWNLOAD_DNS: 'The host name does not resolve.',
  ERR_DOWNLOAD_DATA_URL: 'The data: URL is malformed.',
  ERR_DOWNLOAD_CANCELLED: 'The download was cancelled.',
  ERR_DOWNLOAD_HOST_PAUSED: 'The host failed repeatedly and is paused for a while (HOST_CIRCUIT_PAUSE).',

  // Processing (per file)
  ERR_PROCESS_IMAGE_TOO_SMALL: 'The image is smaller than the minimum size.',
  ERR_PROCESS_IMAGE_DECODE: 'The body is not an image that can be decoded.',
  ERR_PROCESS_IMAGE_TOO_LARGE: 'The image has more pixels than the decoder allows.',

  // Storage (per file, or at start for configuration)
  ERR_STORE_WRITE: 'The file could not be written to the store.',
  ERR_STORE_READ: 'The store could not be read.',
  ERR_STORE_UNAVAILABLE: 'The store could not be reached.',
  ERR_STORE_PERMISSION: 'The store refused access.',
  ERR_STORE_PATH: 'The stored path would escape the store root.',

  // Presets (a preset file or a preset's contract)
  ERR_PRESET_JSON: 'The preset file is not valid JSON.',
  ERR_PRESET_INVALID: 'The preset does not follow the preset format.',
  ERR_PRESET_NOT_FOUND: 'No preset has that id, and no preset file has that name.',
  ERR_PRESET_DUPLICATE: 'Two user presets have the same id.',
  ERR_PRESET_CONTRACT: 'A contract of the preset failed: the page did not give the expected items.',

  // Pages (gleaner collect: fetching or rendering a page to extract items from)
  ERR_PAGE_URL: 'The page URL is not an http or https URL.',
  ERR_PAGE_HTTP_STATUS: 'The page answered with an error status.',
  ERR_PAGE_FETCH: 'The page could not be fetched (connection, DNS or timeout).',
  ERR_PAGE_NOT_HTML: 'The page is not HTML.',
  ERR_PAGE_TOO_LARGE: 'The page is larger than the limit.',
  ERR_PAGE_BROWSER: 'Chromium or playwright-core, needed for --render, is missing or failed to start.',
  ERR_PAGE_RENDER: 'The page could not be rendered in Chromium.',

  // Jobs
  ERR_JOB_CANCELLED: 'The job was cancelled.',
  ERR_JOB_NOT_FOUND: 'No job has that id.',
  ERR_JOB_TOO_MANY_ITEMS: 'The job has more items than the limit allows.',
  ERR_JOB_QUEUE_FULL: 'Too many jobs are queued.',
  ERR_JOB_UNKNOWN_TARGET: 'No storage target has that name.',
  ERR_JOB_INVALID_OPTIONS: 'The job options are invalid.',
  ERR_JOB_INTERNAL: 'An unexpected error happened while processing.',
  ERR_JOB_DIR_MISMATCH: 'The job directory holds the journal of a different input.',
  ERR_JOB_JOURNAL: 'The companion cannot save the job or its results to its data folder (disk full or not writable).',

  // Wire protocol
  ERR_PROTOCOL_MALFORMED: 'The message is not valid JSON.',
  ERR_PROTOCOL_INVALID: 'The message does not match the protocol.',
  ERR_PROTOCOL_TOO_LARGE: 'The message is larger than the limit.',
  ERR_PROTOCOL_TOO_DEEP: 'The message nests arrays or objects deeper than the limit.',
  ERR_PROTOCOL_VERSION: 'The client speaks an unsupported protocol version.',
  ERR_PROTOCOL_NOT_READY: 'Send hello and authenticate first.',
  ERR_PROTOCOL_TOO_MANY_CONNECTIONS: 'Too many connections.',
  ERR_PROTOCOL_RATE_LIMITED: 'Too many messages are waiting on this connection; wait for replies before sending more.',
  ERR_PROTOCOL_TIMEOUT: 'No hello arrived in time; the connection is closed.',
  ERR_PROTOCOL_SLOW_CONSUMER: 'The client reads too slowly; reconnect and catch up with job.get.',
  ERR_PROTOCOL_SHUTTING_DOWN: 'The companion is shutting down.',
  ERR_PROTOCOL_CONNECTION: 'Cannot connect to the companion (is `gleaner serve` running?).',
  ERR_PROTOCOL_CLOSED: 'The connection closed before the reply arrived.',

  // Authentication
  ERR_AUTH_REQUIRED: 'A token or pairing code is required.',
  ERR_AUTH_INVALID_TOKEN: 'The token is not valid (wrong or revoked).',
  ERR_AUTH_INVALID_CODE: 'The pairing code is wrong or has expired.',
  ERR_AUTH_FORBIDDEN_ORIGIN: 'Connections from web pages are refused.',
  ERR_AUTH_FORBIDDEN_HOST: 'The Host header is not a loopback name with the bound port.',
  ERR_AUTH_RATE_LIMITED: 'Too many failed attempts; wait and try again.',
  ERR_AUTH_NOT_ALLOWED: 'Only the local admin token (the gleaner command on this machine) may do that.',
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}

/** An error that carries a catalogue code. `message` is the specific human message. */
export class GleanerError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_CATALOGUE[code], options);
    this.code = code;
    this.name = 'GleanerError';
  }
}

/** Turns anything thrown into a coded error, so failures are always data with a code. */
export function toGleanerError(error: unknown, fallback: ErrorCode = 'ERR_JOB_INTERNAL'): GleanerError {
  if (error instanceof GleanerError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new GleanerError(fallback, message || ERROR_CATALOGUE[fallback], { cause: error });
}
