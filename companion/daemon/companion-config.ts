// companion.json: the daemon's own configuration — port, settings shared by every job, named storage
// targets and limits. A client picks a target by name and never sends a path, so everything that
// decides where bytes land is here, on the user's disk. Read once at start, validated, frozen.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { GleanerError } from '../../shared/errors.js';
import { describeIssues } from '../../shared/protocol/parse.js';
import { DEFAULT_PORT } from '../../shared/protocol/version.js';
import { Limits } from '../server/limits.js';
import { CONFIG_FILE, type GleanerDirs } from './paths.js';

const TargetConfig = z.strictObject({
  description: z.string().max(200).optional(),
  FILES_STORE: z.string().optional(),
  IMAGES_STORE: z.string().optional(),
  /** Any other Scrapy/Gleaner settings for jobs on this target (thumbs, ACLs, credentials, …). */
  options: z.record(z.string(), z.unknown()).optional(),
});
export type TargetConfig = z.infer<typeof TargetConfig>;

const CompanionConfigFile = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  /** Settings for every job (Scrapy names), below the environment in precedence. */
  settings: z.record(z.string(), z.unknown()).optional(),
  targets: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), TargetConfig).optional(),
  limits: Limits.partial().optional(),
  /**
   * Extension origins allowed to connect (e.g. "chrome-extension://abcdef…"). Unset: any
   * chrome-extension:// or moz-extension:// origin (they must still authenticate).
   */
  extensionOrigins: z.array(z.string().regex(/^(chrome|moz)-extension:\/\/[A-Za-z0-9._-]+$/)).optional(),
});
export type CompanionConfigFile = z.infer<typeof CompanionConfigFile>;

export interface CompanionConfig {
  readonly file: string;
  readonly port: number | undefined;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly targets: Readonly<Record<string, TargetConfig>>;
  readonly limits: Partial<Limits>;
  readonly extensionOrigins: readonly string[] | undefined;
}

// Store settings are never taken from a target's options: FILES_STORE / IMAGES_STORE say it plainly.
const STORE_KEYS = ['FILES_STORE', 'IMAGES_STORE'];

/** `~/x` → home folder; a relative folder is relative to companion.json, not to wherever serve was started. */
export function expandStorePath(uri: string, baseDir: string): string {
  if (uri === '') return uri;
  if (uri === '~' || uri.startsWith('~/')) return path.join(os.homedir(), uri.slice(1));
  const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]+:/.test(uri);
  if (hasScheme || path.isAbsolute(uri)) return uri;
  return path.resolve(baseDir, uri);
}

export async function loadCompanionConfig(dirs: GleanerDirs, file = path.join(dirs.config, CONFIG_FILE)): Promise<CompanionConfig> {
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new GleanerError('ERR_CONFIG_FILE', `Cannot read ${file}: ${(error as Error).message}`);
    }
  }
  let raw: unknown = {};
  if (text !== undefined) {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new GleanerError('ERR_CONFIG_FILE', `${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const parsed = CompanionConfigFile.safeParse(raw);
  if (!parsed.success) {
    throw new GleanerError('ERR_CONFIG_INVALID', `${file}: ${describeIssues(parsed.error)}`);
  }
  const config = parsed.data;
  const baseDir = path.dirname(file);
  const targets: Record<string, TargetConfig> = {};
  for (const [name, target] of Object.entries(config.targets ?? {})) {
    for (const key of STORE_KEYS) {
      if (target.options && Object.hasOwn(target.options, key)) {
        throw new GleanerError('ERR_CONFIG_INVALID', `${file}: targets.${name}.options.${key}: set ${key} on the target itself`);
      }
    }
    const resolved: TargetConfig = { ...target };
    if (target.FILES_STORE !== undefined) resolved.FILES_STORE = expandStorePath(target.FILES_STORE, baseDir);
    if (target.IMAGES_STORE !== undefined) resolved.IMAGES_STORE = expandStorePath(target.IMAGES_STORE, baseDir);
    if (!resolved.FILES_STORE && !resolved.IMAGES_STORE) {
      throw new GleanerError('ERR_CONFIG_NO_PIPELINE', `${file}: target "${name}" has neither FILES_STORE nor IMAGES_STORE`);
    }
    targets[name] = Object.freeze(resolved);
  }
  return Object.freeze({
    file,
    port: config.port,
    settings: Object.freeze({ ...(config.settings ?? {}) }),
    targets: Object.freeze(targets),
    limits: Object.freeze({ ...(config.limits ?? {}) }),
    extensionOrigins: config.extensionOrigins,
  });
}

export { DEFAULT_PORT };
