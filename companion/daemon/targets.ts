// Named storage targets: what a client may choose between. Each is a settings layer holding the stores
// (FILES_STORE / IMAGES_STORE, both always set, "" meaning that pipeline is off for the target, so an
// environment variable can never add a store behind the config's back) and the target's own options.
// A `default` target always exists: companion.json's, or the embedded folder under the data dir, or
// the folder given with `--store DIR`.
import type { TargetInfo } from '../../shared/protocol/common.js';
import { defaultStoreDir, storeFolderSettings } from '../config/home.js';
import type { SettingsLayer } from '../config/settings.js';
import type { CompanionConfig, TargetConfig } from './companion-config.js';
import type { GleanerDirs } from './paths.js';

export const DEFAULT_TARGET = 'default';

export interface Target {
  readonly name: string;
  readonly description: string | undefined;
  readonly filesStore: string | undefined;
  readonly imagesStore: string | undefined;
  /** The target's settings layer (stores and options), above the daemon's own settings. */
  readonly layer: SettingsLayer;
}

/** A store URI fit for a banner or a client: user names and passwords removed. */
export function displayStoreUri(uri: string): string {
  if (!/^[A-Za-z][A-Za-z0-9+.-]+:\/\//.test(uri) || uri.startsWith('file:')) return uri;
  try {
    const url = new URL(uri);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return uri.replace(/\/\/[^@/]*@/, '//');
  }
}

function makeTarget(name: string, config: TargetConfig): Target {
  return Object.freeze({
    name,
    description: config.description,
    filesStore: config.FILES_STORE || undefined,
    imagesStore: config.IMAGES_STORE || undefined,
    layer: Object.freeze({ ...(config.options ?? {}), FILES_STORE: config.FILES_STORE ?? '', IMAGES_STORE: config.IMAGES_STORE ?? '' }),
  });
}

export function buildTargets(config: CompanionConfig, dirs: GleanerDirs, storeOverride?: string): ReadonlyMap<string, Target> {
  const targets = new Map<string, Target>();
  for (const [name, target] of Object.entries(config.targets)) targets.set(name, makeTarget(name, target));
  if (storeOverride !== undefined || !targets.has(DEFAULT_TARGET)) {
    const embedded = storeFolderSettings(storeOverride ?? defaultStoreDir(dirs));
    const previous = config.targets[DEFAULT_TARGET];
    targets.set(
      DEFAULT_TARGET,
      makeTarget(DEFAULT_TARGET, {
        description: storeOverride !== undefined ? 'Folder given with --store' : 'Embedded default folder',
        ...embedded,
        // --store replaces where the default target stores, not its other options.
        ...(previous?.options ? { options: previous.options } : {}),
      }),
    );
  }
  return targets;
}

export function targetInfo(target: Target): TargetInfo {
  const info: TargetInfo = { name: target.name, default: target.name === DEFAULT_TARGET };
  if (target.description !== undefined) info.description = target.description;
  if (target.filesStore) info.files = displayStoreUri(target.filesStore);
  if (target.imagesStore) info.images = displayStoreUri(target.imagesStore);
  return info;
}
