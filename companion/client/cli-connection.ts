// How the `gleaner` commands find and authenticate to the running daemon. URL: --url, else
// GLEANER_URL, else ws://127.0.0.1:<--port | companion.json port | 7465>. Token: --token, else
// GLEANER_TOKEN, else the local admin token file (0600 in the config dir; present once the daemon ran).
import { GleanerError } from '../../shared/errors.js';
import { DEFAULT_PORT } from '../../shared/protocol/version.js';
import { loadCompanionConfig } from '../daemon/companion-config.js';
import { resolveDirs, type GleanerDirs } from '../daemon/paths.js';
import { readAdminToken } from '../server/auth/admin-token.js';
import { GleanerClient } from './gleaner-client.js';

export interface ConnectionFlags {
  url?: string;
  port?: string;
  home?: string;
  token?: string;
}

export async function resolveUrl(flags: ConnectionFlags, dirs: GleanerDirs, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (flags.url) return flags.url;
  if (env.GLEANER_URL) return env.GLEANER_URL;
  const port = flags.port !== undefined ? Number(flags.port) : (await loadCompanionConfig(dirs)).port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new GleanerError('ERR_CONFIG_INVALID', `--port must be a port number, got ${flags.port}`);
  return `ws://127.0.0.1:${port}`;
}

export async function resolveToken(flags: ConnectionFlags, dirs: GleanerDirs, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const token = flags.token ?? env.GLEANER_TOKEN ?? (await readAdminToken(dirs));
  if (!token) {
    throw new GleanerError('ERR_AUTH_REQUIRED', 'No token: set GLEANER_TOKEN (see `gleaner token`), or start `gleaner serve` once on this machine so the admin token exists');
  }
  return token;
}

/** Connects as the CLI does; `admin` forces the admin token file (pair.create needs it). */
export async function connectFromCli(flags: ConnectionFlags, clientName: string, admin = false): Promise<GleanerClient> {
  const dirs = resolveDirs(flags.home);
  const url = await resolveUrl(flags, dirs);
  const token = admin ? await readAdminToken(dirs) : await resolveToken(flags, dirs);
  if (!token) throw new GleanerError('ERR_AUTH_REQUIRED', `No admin token in ${dirs.config}: start \`gleaner serve\` first (with the same --home)`);
  return GleanerClient.connect({ url, token, clientName });
}

/** Prints a coded error the way every gleaner command does and returns exit status 1. */
export function reportFailure(error: unknown): number {
  if (error instanceof GleanerError) {
    process.stderr.write(`gleaner: ${error.code}: ${error.message}\n`);
    return 1;
  }
  throw error;
}
