// Maps what undici and the OS throw to the catalogue's ERR_DOWNLOAD_* codes, with a human message.
import { GleanerError } from '../../../shared/errors.js';

const BY_CODE: Record<string, { code: GleanerError['code']; message: string }> = {
  UND_ERR_CONNECT_TIMEOUT: { code: 'ERR_DOWNLOAD_TIMEOUT', message: 'Connecting timed out' },
  UND_ERR_HEADERS_TIMEOUT: { code: 'ERR_DOWNLOAD_TIMEOUT', message: 'The server sent no response headers in time' },
  UND_ERR_BODY_TIMEOUT: { code: 'ERR_DOWNLOAD_TIMEOUT', message: 'The server stopped sending the body' },
  ETIMEDOUT: { code: 'ERR_DOWNLOAD_TIMEOUT', message: 'The connection timed out' },
  ECONNREFUSED: { code: 'ERR_DOWNLOAD_CONNECTION', message: 'Connection refused' },
  ECONNRESET: { code: 'ERR_DOWNLOAD_CONNECTION', message: 'Connection reset by the server' },
  EPIPE: { code: 'ERR_DOWNLOAD_CONNECTION', message: 'Connection closed by the server' },
  EHOSTUNREACH: { code: 'ERR_DOWNLOAD_CONNECTION', message: 'Host unreachable' },
  ENETUNREACH: { code: 'ERR_DOWNLOAD_CONNECTION', message: 'Network unreachable' },
  UND_ERR_SOCKET: { code: 'ERR_DOWNLOAD_CONNECTION', message: 'The connection closed before the response was complete' },
  UND_ERR_CLOSED: { code: 'ERR_DOWNLOAD_CONNECTION', message: 'The connection closed' },
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: { code: 'ERR_DOWNLOAD_TRUNCATED', message: 'The body is shorter than its Content-Length' },
  ENOTFOUND: { code: 'ERR_DOWNLOAD_DNS', message: 'The host name does not resolve' },
  EAI_AGAIN: { code: 'ERR_DOWNLOAD_DNS', message: 'The host name could not be resolved (temporary failure)' },
  ERR_INVALID_URL: { code: 'ERR_DOWNLOAD_INVALID_URL', message: 'The URL cannot be parsed' },
  UND_ERR_INVALID_ARG: { code: 'ERR_DOWNLOAD_INVALID_URL', message: 'The URL or a header is invalid' },
};

function errorCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && BY_CODE[e.code]) return e.code;
  }
  return undefined;
}

// Errors of the local disk while staging a body: the store's side, not the network's.
const DISK_CODES = new Set(['ENOSPC', 'EFBIG', 'EIO', 'EROFS', 'EDQUOT', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE', 'ENOTDIR']);

export function toDownloadError(error: unknown, signal?: AbortSignal): GleanerError {
  if (error instanceof GleanerError) return error;
  if (signal?.aborted) return new GleanerError('ERR_DOWNLOAD_CANCELLED', 'The download was cancelled');
  const errno = (error as { code?: unknown } | undefined)?.code;
  if (typeof errno === 'string' && DISK_CODES.has(errno)) {
    return new GleanerError('ERR_STORE_WRITE', `Cannot write the download to disk (${errno}): ${(error as Error).message}`, { cause: error });
  }
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code) {
    const known = BY_CODE[code]!;
    return new GleanerError(known.code, `${known.message} (${detail})`, { cause: error });
  }
  return new GleanerError('ERR_DOWNLOAD_CONNECTION', `Download failed: ${detail}`, { cause: error });
}
