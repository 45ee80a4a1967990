// The presets the extension chooses from, and the popup's switch list. One merge for the whole
// extension, the same as the companion's: built-ins, each replaced by the user preset with its id, then
// the user's other presets (shared/presets mergePresets).
import { BUILTIN_PRESETS, asEntries, mergePresets, rankPresets, type Preset, type PresetEntry } from '../../shared/presets/index.js';
import type { PresetChoiceView, PresetRef } from '../view-types.js';
import { USER_PRESETS_KEY } from './user-presets.js';

export function presetEntries(user: readonly Preset[], builtin: readonly Preset[] = BUILTIN_PRESETS): PresetEntry[] {
  return mergePresets(asEntries(builtin, 'builtin'), asEntries(user, 'user', `storage.local ${USER_PRESETS_KEY}`));
}

export function presetRef(entry: PresetEntry): PresetRef {
  return { id: entry.preset.id, name: entry.preset.name, origin: entry.origin, overrides: entry.overrides ?? false };
}

export function findEntry(entries: readonly PresetEntry[], id: string): PresetEntry {
  const entry = entries.find((e) => e.preset.id === id);
  if (!entry) throw new Error(`No preset has the id "${id}" (it may have been deleted). Reopen the popup.`);
  return entry;
}

/**
 * The popup's "switch to" list: the presets whose patterns match the page, best first (the order the
 * automatic choice tries them), then every other preset by name. The generic extraction is the
 * popup's own last entry.
 */
export function switchChoices(pageUrl: string, entries: readonly PresetEntry[]): PresetChoiceView[] {
  const ranked = rankPresets(pageUrl, entries).map((r) => r.entry);
  const matching = new Set(ranked);
  const others = entries.filter((e) => !matching.has(e)).sort((a, b) => a.preset.name.localeCompare(b.preset.name));
  return [...ranked.map((e) => ({ ...presetRef(e), matches: true })), ...others.map((e) => ({ ...presetRef(e), matches: false }))];
}

/** An entry for a preset the options page previews: it carries the origin of the list row it came from. */
export function previewEntry(preset: Preset, origin: PresetEntry['origin'], builtin: readonly Preset[] = BUILTIN_PRESETS): PresetEntry {
  const overrides = origin === 'user' && builtin.some((p) => p.id === preset.id);
  return { preset, origin, overrides, source: 'options page' };
}
