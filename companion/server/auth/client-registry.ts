// The clients allowed to talk to the companion, in clients.json (mode 0600, config dir 0700): one
// entry per issued token with its SHA-256, never the token itself. The daemon and the CLI (`gleaner
// token`, `gleaner clients revoke`) both edit the file, so every change is a locked
// read-modify-write with an atomic rename, and the daemon re-reads the file when it changes on disk —
// that is how a revocation made by the CLI reaches the running daemon without another channel.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { GleanerError } from '../../../shared/errors.js';
import { writeFileAtomic, withFileLock } from '../../daemon/atomic-file.js';
import { CLIENTS_FILE, ensureConfigDir, type GleanerDirs } from '../../daemon/paths.js';
import { generateToken, hashToken, newClientId, safeEqual } from './secrets.js';

export const ClientKind = z.enum(['admin', 'paired', 'script']);
export type ClientKind = z.infer<typeof ClientKind>;

const ClientEntry = z.object({
  id: z.string(),
  name: z.string(),
  kind: ClientKind,
  tokenHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable().default(null),
});
export type ClientEntry = z.infer<typeof ClientEntry>;

const ClientsFile = z.object({ version: z.literal(1), clients: z.array(ClientEntry) });
type ClientsFile = z.infer<typeof ClientsFile>;

/** A client without its token hash: what listings and sessions get. */
export type ClientInfo = Omit<ClientEntry, 'tokenHash'>;

function publicInfo(entry: ClientEntry): ClientInfo {
  const { tokenHash: _hash, ...info } = entry;
  return info;
}

// How stale lastSeenAt may get before a successful hello rewrites the file (avoid a write per connect).
const TOUCH_EVERY_MS = 10 * 60_000;

export class ClientRegistry {
  readonly file: string;
  private cache: ClientsFile = { version: 1, clients: [] };
  private cacheKey = '';

  constructor(readonly dirs: GleanerDirs) {
    this.file = path.join(dirs.config, CLIENTS_FILE);
  }

  /** Re-reads clients.json if it changed on disk since the last read; returns true when it did. */
  async refresh(): Promise<boolean> {
    const info = await stat(this.file).catch(() => null);
    const key = info ? `${info.ino}:${info.size}:${info.mtimeMs}` : 'missing';
    if (key === this.cacheKey) return false;
    this.cache = info ? await this.readFile() : { version: 1, clients: [] };
    this.cacheKey = key;
    return true;
  }

  async list(): Promise<ClientInfo[]> {
    await this.refresh();
    return this.cache.clients.map(publicInfo);
  }

  /** Ids of the clients currently allowed (from the last refresh). */
  activeIds(): Set<string> {
    return new Set(this.cache.clients.map((client) => client.id));
  }

  /** The client a token belongs to, or null. Every entry is compared, in constant time. */
  async findByToken(token: string): Promise<ClientInfo | null> {
    await this.refresh();
    const hash = hashToken(token);
    let found: ClientEntry | null = null;
    for (const entry of this.cache.clients) {
      if (safeEqual(entry.tokenHash, hash) && found === null) found = entry;
    }
    return found ? publicInfo(found) : null;
  }

  /** Issues a new token for a new client; the token is returned once and only its hash is kept. */
  async issue(name: string, kind: ClientKind): Promise<{ client: ClientInfo; token: string }> {
    const token = generateToken();
    const entry: ClientEntry = {
      id: newClientId(),
      name,
      kind,
      tokenHash: hashToken(token),
      createdAt: new Date().toISOString(),
      lastSeenAt: null,
    };
    await this.update((file) => {
      file.clients.push(entry);
    });
    return { client: publicInfo(entry), token };
  }

  /** Removes a client; its token stops working at once (live sessions are closed by the daemon). */
  async revoke(id: string): Promise<ClientInfo | null> {
    let removed: ClientEntry | null = null;
    await this.update((file) => {
      const index = file.clients.findIndex((client) => client.id === id);
      if (index !== -1) removed = file.clients.splice(index, 1)[0] ?? null;
    });
    return removed ? publicInfo(removed) : null;
  }

  async touch(id: string, now = new Date()): Promise<void> {
    const entry = this.cache.clients.find((client) => client.id === id);
    if (entry?.lastSeenAt && now.getTime() - Date.parse(entry.lastSeenAt) < TOUCH_EVERY_MS) return;
    await this.update((file) => {
      const current = file.clients.find((client) => client.id === id);
      if (current) current.lastSeenAt = now.toISOString();
    });
  }

  /** Locked read-modify-write of clients.json. */
  async update(change: (file: ClientsFile) => void): Promise<void> {
    await ensureConfigDir(this.dirs);
    await withFileLock(this.file, async () => {
      const file = await this.readFile();
      change(file);
      await writeFileAtomic(this.file, `${JSON.stringify(file, null, 2)}\n`, 0o600);
      this.cache = file;
    });
    // The next refresh re-reads: cheap, and keeps the stat key consistent with what is on disk.
    this.cacheKey = '';
  }

  private async readFile(): Promise<ClientsFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, clients: [] };
      throw new GleanerError('ERR_CONFIG_FILE', `Cannot read ${this.file}: ${(error as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new GleanerError('ERR_CONFIG_FILE', `${this.file} is not valid JSON; fix or delete it (every client must pair again)`);
    }
    const parsed = ClientsFile.safeParse(raw);
    if (!parsed.success) throw new GleanerError('ERR_CONFIG_FILE', `${this.file} is not a valid clients file`);
    return parsed.data;
  }
}
