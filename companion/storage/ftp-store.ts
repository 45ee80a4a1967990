// FTP store (Scrapy's FTPFilesStore), URI ftp://[user:password@]host[:port]/folder.
//
// Differences from Scrapy, on purpose (difference 8): the port defaults to 21; MDTM is read as the UTC
// instant it is, so expiry works; a body is uploaded to a hidden temporary name in the destination folder
// (.<name>.<random>.part) and renamed (RNFR/RNTO) when complete, so nothing half-written ever appears
// under the final name. The MD5 is kept next to the file in `<name>.md5` (JSON: md5 and the MDTM it
// belongs to), written after the rename; stat() trusts it only while the file's MDTM still matches and
// otherwise downloads the file and hashes it (Scrapy always does the latter). Uploads run in parallel
// over a small pool of connections. Credentials come from the URI, else FTP_USER / FTP_PASSWORD.
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FTPError, type Client } from 'basic-ftp';
import { GleanerError } from '../../shared/errors.js';
import { coerceSetting } from '../config/settings.js';
import { FtpPool, downloadInto, sinkOf, uploadTo } from './ftp-pool.js';
import { StoreError, cancelledError, checkStorePath, errorMessage, isNetworkError, scrub, stderrLogger } from './remote-common.js';
import type { PutBody, PutOptions, Store, StoreLogger, StoreOptions, StoredStat } from './store.js';

const POOL_SIZE = 4;
const TIMEOUT_MS = 30_000;
const SIDECAR_MAX = 4096;

interface Sidecar {
  md5: string;
  mdtm: string;
}

export class FtpStore implements Store {
  readonly displayUri: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly baseDir: string;
  readonly active: boolean;
  private readonly password: string;
  private readonly pool: FtpPool;
  private readonly logger: StoreLogger;
  /** Folders known to exist, so each upload does not walk MKD again. */
  private readonly knownDirs = new Set<string>();

  constructor(uri: string, options: StoreOptions) {
    const settingName = options.pipeline === 'images' ? 'IMAGES_STORE' : 'FILES_STORE';
    const form = 'ftp://[user:password@]host[:port]/folder';
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new GleanerError('ERR_CONFIG_STORE_URI', `${settingName}: not a valid FTP URI (expected ${form})`);
    }
    if (url.protocol !== 'ftp:' || url.hostname === '') {
      throw new GleanerError('ERR_CONFIG_STORE_URI', `${settingName}: an FTP store needs a host (expected ${form})`);
    }
    if (url.search !== '' || url.hash !== '') {
      throw new GleanerError('ERR_CONFIG_STORE_URI', `${settingName}: an FTP store URI takes no query or fragment (expected ${form})`);
    }
    const get = (name: string): unknown => coerceSetting(name, options.settings[name]);
    let decodedPath: string;
    try {
      this.user = url.username ? decodeURIComponent(url.username) : String(get('FTP_USER') ?? 'anonymous');
      this.password = url.password ? decodeURIComponent(url.password) : String(get('FTP_PASSWORD') ?? 'guest');
      decodedPath = decodeURIComponent(url.pathname);
    } catch {
      throw new GleanerError('ERR_CONFIG_STORE_URI', `${settingName}: the FTP URI has a malformed %-escape (expected ${form})`);
    }
    if (this.user === '') {
      throw new GleanerError('ERR_CONFIG_CREDENTIALS', `${settingName}: no FTP user: put one in the URI or set FTP_USER`);
    }
    const segments = decodedPath.split('/').filter((s) => s !== '');
    if (segments.some((s) => s === '.' || s === '..')) {
      throw new GleanerError('ERR_CONFIG_STORE_URI', `${settingName}: the FTP folder may not contain "." or ".."`);
    }
    this.host = url.hostname.replace(/^\[|\]$/g, '');
    this.port = url.port === '' ? 21 : Number(url.port);
    this.baseDir = segments.length === 0 ? '' : `/${segments.join('/')}`;
    this.active = (get('FEED_STORAGE_FTP_ACTIVE') as boolean | undefined) ?? false;
    this.displayUri = `ftp://${encodeURIComponent(this.user)}@${url.host}${this.baseDir || '/'}`;
    this.logger = options.logger ?? stderrLogger;
    this.pool = new FtpPool(
      { host: this.host, port: this.port, user: this.user, password: this.password, active: this.active, timeoutMs: TIMEOUT_MS },
      POOL_SIZE,
    );
  }

  /** Absolute remote path of a store-relative path. */
  remotePath(relativePath: string): string {
    return `${this.baseDir}/${checkStorePath(relativePath)}`;
  }

  async open(): Promise<void> {
    try {
      await this.pool.use(async (client) => {
        if (this.baseDir) await this.ensureDir(client, this.baseDir);
      });
    } catch (error) {
      if (error instanceof FTPError && error.code === 530) {
        throw new GleanerError('ERR_CONFIG_CREDENTIALS', `The FTP server refused the login of user "${this.user}" at ${this.displayUri}: check the URI or FTP_USER / FTP_PASSWORD`);
      }
      throw this.wrap(error, 'ERR_STORE_UNAVAILABLE', `open ${this.displayUri}`);
    }
  }

  async stat(relativePath: string, signal?: AbortSignal): Promise<StoredStat | null> {
    const remote = this.remotePath(relativePath);
    try {
      return await this.pool.use(async (client) => {
        let mdtm: string;
        try {
          mdtm = (await client.send(`MDTM ${remote}`)).message.slice(4).trim();
        } catch (error) {
          if (error instanceof FTPError && error.code >= 500) return null;
          throw error;
        }
        const lastModified = parseMdtm(mdtm);
        if (lastModified === null) return null;
        const sidecar = await this.readSidecar(client, `${remote}.md5`);
        if (sidecar && sidecar.mdtm === mdtm) return { lastModified, checksum: sidecar.md5 };
        const hash = createHash('md5');
        await downloadInto(client, sinkOf((chunk) => hash.update(chunk)), remote, this.active);
        return { lastModified, checksum: hash.digest('hex') };
      }, signal);
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      throw this.wrap(error, 'ERR_STORE_READ', `check ${remote} on ${this.displayUri}`);
    }
  }

  async put(relativePath: string, body: PutBody, options: PutOptions = {}): Promise<void> {
    const remote = this.remotePath(relativePath);
    const dir = path.posix.dirname(remote);
    const temporary = `${dir}/.${path.posix.basename(remote)}.${randomBytes(6).toString('hex')}.part`;
    const { signal } = options;
    let temporaryExists = false;
    try {
      await this.pool.use(async (client) => {
        await this.ensureDir(client, dir);
        const source = body.open();
        temporaryExists = true;
        try {
          await uploadTo(client, source, temporary, this.active);
        } finally {
          source.destroy();
        }
        try {
          await client.rename(temporary, remote);
        } catch (error) {
          // Some servers (IIS, …) refuse to rename over an existing file.
          if (!(error instanceof FTPError)) throw error;
          await client.remove(remote, true);
          await client.rename(temporary, remote);
        }
        temporaryExists = false;
        await this.writeSidecar(client, remote, body.md5);
      }, signal);
    } catch (error) {
      this.knownDirs.delete(dir);
      // Best effort: when the server is gone the hidden .part file stays, never under the final name.
      if (temporaryExists) await this.removeQuietly(temporary);
      if (signal?.aborted) throw cancelledError();
      throw this.wrap(error, 'ERR_STORE_WRITE', `store ${remote} on ${this.displayUri}`);
    }
  }

  async close(): Promise<void> {
    this.pool.close();
  }

  private async ensureDir(client: Client, dir: string): Promise<void> {
    if (dir === '/' || this.knownDirs.has(dir)) return;
    await client.ensureDir(dir);
    await client.cd('/');
    this.knownDirs.add(dir);
  }

  /** The checksum file is a convenience: failing to write it only costs a download at the next stat. */
  private async writeSidecar(client: Client, remote: string, md5: string): Promise<void> {
    try {
      const mdtm = (await client.send(`MDTM ${remote}`)).message.slice(4).trim();
      const text = `${JSON.stringify({ md5, mdtm } satisfies Sidecar)}\n`;
      await uploadTo(client, Readable.from([Buffer.from(text)]), `${remote}.md5`, this.active);
    } catch (error) {
      this.logger.warn({ path: remote }, `Could not write the checksum file ${remote}.md5 on ${this.displayUri}: ${scrub(errorMessage(error), [this.password])}`);
      await client.remove(`${remote}.md5`, true).catch(() => undefined);
      if (isNetworkError(error) || client.closed) throw error;
    }
  }

  private async readSidecar(client: Client, remote: string): Promise<Sidecar | null> {
    const chunks: Buffer[] = [];
    let length = 0;
    try {
      await downloadInto(client, sinkOf((chunk) => {
        length += chunk.length;
        if (length <= SIDECAR_MAX) chunks.push(chunk);
      }), remote, this.active);
    } catch (error) {
      if (error instanceof FTPError && error.code >= 500) return null;
      throw error;
    }
    try {
      const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<Sidecar>;
      if (typeof value.md5 === 'string' && /^[0-9a-f]{32}$/.test(value.md5) && typeof value.mdtm === 'string') {
        return { md5: value.md5, mdtm: value.mdtm };
      }
    } catch {
      // A damaged checksum file is ignored: the file is hashed instead.
    }
    return null;
  }

  private async removeQuietly(remote: string): Promise<void> {
    try {
      await this.pool.use((client) => client.remove(remote, true));
    } catch {
      // The server is gone or refuses: nothing more to do.
    }
  }

  private wrap(error: unknown, fallback: 'ERR_STORE_READ' | 'ERR_STORE_WRITE' | 'ERR_STORE_UNAVAILABLE', doing: string): GleanerError {
    if (error instanceof GleanerError) return error;
    const detail = scrub(errorMessage(error), [this.password]);
    if (error instanceof FTPError) {
      const code = error.code;
      if (code === 530 || code === 532 || code === 550 || code === 553) {
        return new StoreError('ERR_STORE_PERMISSION', `Cannot ${doing}: the server refused (${detail})`, { cause: error });
      }
      // 4xx replies are transient by definition (421 closing, 425/426 data connection, 450–452 busy).
      return new StoreError(fallback, `Cannot ${doing}: ${detail}`, { cause: error, transient: code >= 400 && code < 500 });
    }
    if (isNetworkError(error) || /client is closed|not connected|server sent fin/i.test(detail)) {
      return new StoreError('ERR_STORE_UNAVAILABLE', `Cannot ${doing}: the FTP server is unreachable (${detail})`, { cause: error, transient: true });
    }
    return new StoreError(fallback, `Cannot ${doing}: ${detail}`, { cause: error, transient: true });
  }
}

/** MDTM's YYYYMMDDHHMMSS[.fff] is UTC (RFC 3659); returns epoch seconds. */
export function parseMdtm(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?$/.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
  return ms / 1000 + fraction;
}
