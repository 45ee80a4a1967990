// A preset's pipeline options as a settings layer for `gleaner collect`, in the precedence
//   defaults < --config < environment < preset < -s NAME=VALUE < flags
// — the preset knows its pages better than a general config, the person typing the command knows
// this run better than the preset. The preset's storage target (named in companion.json) is used only
// when nothing on the command line or in the environment names a store: where bytes land is the
// user's call first.
import { GleanerError } from '../../shared/errors.js';
import type { Preset } from '../../shared/presets/index.js';
import { settingsFromCli, type SettingsFlags } from '../config/cli-settings.js';
import type { Settings, SettingsLayer } from '../config/settings.js';
import { loadCompanionConfig } from '../daemon/companion-config.js';
import { resolveDirs } from '../daemon/paths.js';
import { buildTargets } from '../daemon/targets.js';

export function presetSettingsLayer(preset: Preset | undefined): Record<string, unknown> {
  const pipeline = preset?.pipeline ?? {};
  const layer: Record<string, unknown> = {};
  if (pipeline.thumbs !== undefined) layer.IMAGES_THUMBS = pipeline.thumbs;
  if (pipeline.minWidth !== undefined) layer.IMAGES_MIN_WIDTH = pipeline.minWidth;
  if (pipeline.minHeight !== undefined) layer.IMAGES_MIN_HEIGHT = pipeline.minHeight;
  if (pipeline.expires !== undefined) {
    layer.FILES_EXPIRES = pipeline.expires;
    layer.IMAGES_EXPIRES = pipeline.expires;
  }
  return layer;
}

async function targetLayer(name: string): Promise<SettingsLayer> {
  const dirs = resolveDirs();
  const targets = buildTargets(await loadCompanionConfig(dirs), dirs);
  const target = targets.get(name);
  if (!target) {
    throw new GleanerError(
      'ERR_JOB_UNKNOWN_TARGET',
      `The preset asks for the storage target "${name}", which companion.json does not define (targets: ${[...targets.keys()].join(', ')}); define it, or give a store with --store`,
    );
  }
  return target.layer;
}

export interface PresetSettings {
  settings: Settings;
  /** A sentence for stderr when the preset's wishes were set aside or the default store is used. */
  note: string | undefined;
}

/** Settings for the pages one preset applies to (undefined: generic extraction, the CLI's own settings). */
export async function settingsForPreset(flags: SettingsFlags, preset: Preset | undefined): Promise<PresetSettings> {
  const base = settingsFromCli(flags);
  const target = preset?.pipeline?.target;
  let layer: SettingsLayer = presetSettingsLayer(preset);
  let note: string | undefined;
  if (target !== undefined && base.usedDefaultStore) {
    layer = { ...(await targetLayer(target)), ...layer };
  } else if (target !== undefined) {
    note = `the preset ${preset!.id} asks for the target "${target}"; the store given on the command line is used instead`;
  }
  const resolved = settingsFromCli(flags, process.env, layer);
  if (resolved.usedDefaultStore) {
    note = `no store given; storing under ${resolved.settings.FILES_STORE} and ${resolved.settings.IMAGES_STORE}`;
  }
  return { settings: resolved.settings, note };
}
