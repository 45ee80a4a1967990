// Builds the settings layers from the command line, in the documented precedence:
// defaults < --config FILE < environment < (gleaner collect: the preset) < -s NAME=VALUE < friendly
// flags (--images-store, --thumbs …).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { GleanerError } from '../../shared/errors.js';
import { defaultStoreDir, storeFolderSettings } from './home.js';
import { resolveSettings, settingsFromEnv, type Settings, type SettingsLayer } from './settings.js';

export interface SettingsFlags {
  config?: string;
  set?: string[];
  store?: string;
  filesStore?: string;
  imagesStore?: string;
  thumbs?: string;
  minWidth?: string;
  minHeight?: string;
  expires?: string;
  redirects?: boolean;
  concurrency?: string;
  perHost?: string;
}

/** Adds the settings options shared by every command that runs jobs. */
export function addSettingsOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'JSON settings file with Scrapy setting names')
    .option('-s, --set <NAME=VALUE>', 'set a setting (repeatable), as in scrapy crawl -s', collect, [])
    .option('--store <dir>', 'store files in DIR/files and images in DIR/images')
    .option('--files-store <uri>', 'FILES_STORE: folder, ftp://, s3:// or gs:// URI (enables the Files pipeline)')
    .option('--images-store <uri>', 'IMAGES_STORE: folder, ftp://, s3:// or gs:// URI (enables the Images pipeline)')
    .option('--thumbs <list>', 'IMAGES_THUMBS as name=WxH,… e.g. small=50x50,big=270x270')
    .option('--min-width <px>', 'IMAGES_MIN_WIDTH')
    .option('--min-height <px>', 'IMAGES_MIN_HEIGHT')
    .option('--expires <days>', 'FILES_EXPIRES and IMAGES_EXPIRES')
    .option('--no-redirects', 'MEDIA_ALLOW_REDIRECTS=false: a redirect fails the file, as in Scrapy')
    .option('--concurrency <n>', 'CONCURRENT_REQUESTS')
    .option('--per-host <n>', 'CONCURRENT_REQUESTS_PER_DOMAIN');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function readConfigFile(file: string): SettingsLayer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GleanerError('ERR_CONFIG_FILE', `Cannot read the config file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GleanerError('ERR_CONFIG_FILE', `The config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GleanerError('ERR_CONFIG_FILE', `The config file ${file} must hold a JSON object of settings`);
  }
  return parsed as SettingsLayer;
}

/** Parses repeated `-s NAME=VALUE` options into a settings layer. */
export function parseSetPairs(pairs: string[]): SettingsLayer {
  const layer: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new GleanerError('ERR_CONFIG_INVALID', `-s takes NAME=VALUE, got ${JSON.stringify(pair)}`);
    layer[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return layer;
}

export function parseThumbs(spec: string): Record<string, [number, number]> {
  const thumbs: Record<string, [number, number]> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z0-9_-]+)=(\d+)x(\d+)$/.exec(part);
    if (!match) throw new GleanerError('ERR_CONFIG_INVALID', `--thumbs takes name=WxH,… (IMAGES_THUMBS), got ${JSON.stringify(part)}`);
    thumbs[match[1]!] = [Number(match[2]), Number(match[3])];
  }
  return thumbs;
}

function flagsLayer(flags: SettingsFlags): SettingsLayer {
  const layer: Record<string, unknown> = {};
  if (flags.store !== undefined) Object.assign(layer, storeFolderSettings(flags.store));
  if (flags.filesStore !== undefined) layer.FILES_STORE = flags.filesStore;
  if (flags.imagesStore !== undefined) layer.IMAGES_STORE = flags.imagesStore;
  if (flags.thumbs !== undefined) layer.IMAGES_THUMBS = parseThumbs(flags.thumbs);
  if (flags.minWidth !== undefined) layer.IMAGES_MIN_WIDTH = flags.minWidth;
  if (flags.minHeight !== undefined) layer.IMAGES_MIN_HEIGHT = flags.minHeight;
  if (flags.expires !== undefined) {
    layer.FILES_EXPIRES = flags.expires;
    layer.IMAGES_EXPIRES = flags.expires;
  }
  if (flags.redirects === false) layer.MEDIA_ALLOW_REDIRECTS = false;
  if (flags.concurrency !== undefined) layer.CONCURRENT_REQUESTS = flags.concurrency;
  if (flags.perHost !== undefined) layer.CONCURRENT_REQUESTS_PER_DOMAIN = flags.perHost;
  return layer;
}

/**
 * Resolves the settings of a command-line job. When no layer names a store at all, the embedded
 * default (a folder under the user's data directory) is used, so `gleaner run items.jsonl` just works.
 * `presetLayer` (gleaner collect: the preset's pipeline options) sits between the environment and -s.
 */
export function settingsFromCli(
  flags: SettingsFlags,
  env: NodeJS.ProcessEnv = process.env,
  presetLayer: SettingsLayer = {},
): { settings: Settings; usedDefaultStore: boolean } {
  const layers = [
    flags.config ? readConfigFile(flags.config) : {},
    settingsFromEnv(env),
    presetLayer,
    parseSetPairs(flags.set ?? []),
    flagsLayer(flags),
  ];
  const namesStore = layers.some((l) => l.FILES_STORE !== undefined || l.IMAGES_STORE !== undefined);
  const base = namesStore ? {} : storeFolderSettings(defaultStoreDir());
  return { settings: resolveSettings(base, ...layers), usedDefaultStore: !namesStore };
}
