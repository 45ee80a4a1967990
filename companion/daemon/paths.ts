// The companion's own files inside the config dir (see config/home.ts for where that is: GLEANER_HOME /
// --home, else the platform's usual folder): companion.json (targets, limits), clients.json (hashed
// client tokens) and admin-token (the local CLI's token). The folder is created readable by the user only.
import { chmod, mkdir } from 'node:fs/promises';
import { gleanerDirs, type GleanerDirs } from '../config/home.js';

export type { GleanerDirs };

export const CONFIG_FILE = 'companion.json';
export const CLIENTS_FILE = 'clients.json';
export const ADMIN_TOKEN_FILE = 'admin-token';

/** --home wins over GLEANER_HOME, which wins over the platform's usual folders. */
export function resolveDirs(home?: string): GleanerDirs {
  return gleanerDirs(home ?? process.env.GLEANER_HOME);
}

/** Creates the config dir readable by the user only (tokens live in it). */
export async function ensureConfigDir(dirs: GleanerDirs): Promise<void> {
  await mkdir(dirs.config, { recursive: true, mode: 0o700 });
  // mkdir's mode does not change an existing folder; tighten it where the platform has modes.
  if (process.platform !== 'win32') await chmod(dirs.config, 0o700).catch(() => undefined);
}
