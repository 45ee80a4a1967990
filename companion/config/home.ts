// Where Gleaner keeps its own files: the config and token files, job journals, and the embedded default
// store. GLEANER_HOME (or --home) puts everything under one folder — tests use a temporary one.
import path from 'node:path';
import envPaths from 'env-paths';

export interface GleanerDirs {
  /** Config file, client tokens (0600). */
  config: string;
  /** The embedded default store lives under here. */
  data: string;
}

export function gleanerDirs(home: string | undefined = process.env.GLEANER_HOME): GleanerDirs {
  if (home) {
    const root = path.resolve(home);
    return { config: path.join(root, 'config'), data: path.join(root, 'data') };
  }
  const paths = envPaths('gleaner', { suffix: '' });
  return { config: paths.config, data: paths.data };
}

/** The embedded default store folder; files and images go to its files/ and images/ sub-folders. */
export function defaultStoreDir(dirs: GleanerDirs = gleanerDirs()): string {
  return path.join(dirs.data, 'store');
}

/** Store settings for a store folder: one pipeline each, in their own sub-folders so paths never collide. */
export function storeFolderSettings(dir: string): { FILES_STORE: string; IMAGES_STORE: string } {
  const root = path.resolve(dir);
  return { FILES_STORE: path.join(root, 'files'), IMAGES_STORE: path.join(root, 'images') };
}
