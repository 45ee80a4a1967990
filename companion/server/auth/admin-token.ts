// The local admin token lets the `gleaner` command on this machine talk to the running daemon (make
// pairing codes, submit jobs) without pairing. It is a normal client token of kind "admin" whose
// plain text is kept in <config>/admin-token with mode 0600 inside a 0700 folder: whoever can read it
// is already this user, who could edit the config anyway. Pairing codes therefore never touch the disk,
// and revoking the admin client (`gleaner clients revoke`) rotates the token on next use.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic, withFileLock } from '../../daemon/atomic-file.js';
import { ADMIN_TOKEN_FILE, ensureConfigDir, type GleanerDirs } from '../../daemon/paths.js';
import type { ClientRegistry } from './client-registry.js';

export function adminTokenPath(dirs: GleanerDirs): string {
  return path.join(dirs.config, ADMIN_TOKEN_FILE);
}

/** Reads the admin token file, or undefined when there is none (the daemon has never run). */
export async function readAdminToken(dirs: GleanerDirs): Promise<string | undefined> {
  try {
    const token = (await readFile(adminTokenPath(dirs), 'utf8')).trim();
    return token === '' ? undefined : token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Returns a working admin token, creating (or re-creating after a revoke) the file and the client entry. */
export async function ensureAdminToken(registry: ClientRegistry): Promise<string> {
  const dirs = registry.dirs;
  await ensureConfigDir(dirs);
  return withFileLock(adminTokenPath(dirs), async () => {
    const existing = await readAdminToken(dirs);
    if (existing !== undefined) {
      const client = await registry.findByToken(existing);
      if (client?.kind === 'admin') return existing;
    }
    // A stale admin entry (its file lost or replaced) would be a token nobody can read: drop it.
    await registry.update((file) => {
      file.clients = file.clients.filter((client) => client.kind !== 'admin');
    });
    const { token } = await registry.issue('local admin (gleaner command)', 'admin');
    await writeFileAtomic(adminTokenPath(dirs), `${token}\n`, 0o600);
    return token;
  });
}
