// mkdir -p with memory: a job writes thousands of files into a handful of folders, and asking the
// file system to create an existing folder costs several system calls every time.
import { mkdir } from 'node:fs/promises';

const known = new Set<string>();

export async function ensureDir(dir: string): Promise<void> {
  if (known.has(dir)) return;
  await mkdir(dir, { recursive: true });
  known.add(dir);
}

/** Forget a folder (after an error that suggests it is gone), so the next ensureDir creates it again. */
export function forgetDir(dir: string): void {
  known.delete(dir);
}
