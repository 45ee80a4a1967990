// The user's presets as the extension keeps them: one storage.local key holding a list of preset
// objects, in the same JSON as a `<config>/presets/*.json` file of the companion, so an export is a
// file the companion reads as it is. Pure list operations here (unit-tested in Node); the background's
// PresetStore does the storage.
import { BUILTIN_PRESETS, formatIssues, validatePreset, type Preset } from '../../shared/presets/index.js';

/** The storage.local key; also the `source` of user preset entries, for messages. */
export const USER_PRESETS_KEY = 'presets';

export interface StoredPresets {
  presets: Preset[];
  /** Stored presets that no longer validate (an older format, a hand-edited profile): not used, with why. */
  problems: string[];
  /**
   * Those stored presets as they are: written back untouched with every change, so a newer format
   * read by an older extension is not lost; deleting their id removes them.
   */
  invalid: unknown[];
}

/**
 * Reads what storage holds, whatever it is: every entry is validated again, because a preset from
 * storage reaches every page's content script and the format may have moved on since it was saved.
 */
export function readStoredPresets(value: unknown): StoredPresets {
  if (value === undefined) return { presets: [], problems: [], invalid: [] };
  if (!Array.isArray(value)) return { presets: [], problems: ['The stored presets are not a list; they were ignored.'], invalid: [] };
  const presets: Preset[] = [];
  const problems: string[] = [];
  const invalid: unknown[] = [];
  const seen = new Set<string>();
  value.forEach((candidate, index) => {
    const result = validatePreset(candidate);
    const id = storedId(candidate);
    const label = id !== undefined ? `"${id}"` : `number ${index + 1}`;
    if (!result.ok) {
      invalid.push(candidate);
      return void problems.push(`Your preset ${label} is not valid any more and is not used: ${formatIssues(result.issues)}`);
    }
    if (seen.has(result.preset.id)) return void problems.push(`Your preset ${label} appears twice; the first one is used.`);
    seen.add(result.preset.id);
    presets.push(result.preset);
  });
  return { presets, problems, invalid };
}

/** The id of a stored value, valid or not. */
export function storedId(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

export class PresetRefused extends Error {
  override name = 'PresetRefused';
}

/** Validates one preset a page sent (the page checked selectors already; the format is checked here). */
export function checkedPreset(value: unknown): Preset {
  const result = validatePreset(value);
  if (!result.ok) throw new PresetRefused(`The preset is not valid: ${formatIssues(result.issues)}`);
  return result.preset;
}

/**
 * The editor's Save: `previousId` is the id the preset had when the editor opened (absent for a new
 * preset or a built-in being duplicated). Renaming onto, or creating, an id another preset of the user
 * already has is refused: saving must never silently replace a different preset.
 */
export function savePreset(list: readonly Preset[], preset: Preset, previousId?: string): Preset[] {
  const clash = list.find((p) => p.id === preset.id && p.id !== previousId);
  if (clash) throw new PresetRefused(`You already have a preset with the id "${preset.id}". Choose another id, or edit that preset.`);
  const at = previousId === undefined ? -1 : list.findIndex((p) => p.id === previousId);
  if (at < 0) return [...list, preset];
  return list.map((p, i) => (i === at ? preset : p));
}

/** Import: a preset with the id of one of the user's replaces it in place (re-importing an update); the others are added. */
export function importPresets(list: readonly Preset[], incoming: readonly Preset[]): { list: Preset[]; added: string[]; replaced: string[] } {
  const ids = incoming.map((p) => p.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new PresetRefused(`The id "${twice}" appears twice in what was imported; ids must be unique.`);
  const byId = new Map(incoming.map((p) => [p.id, p]));
  const replaced = list.filter((p) => byId.has(p.id)).map((p) => p.id);
  const next = list.map((p) => byId.get(p.id) ?? p);
  const added = incoming.filter((p) => !replaced.includes(p.id));
  return { list: [...next, ...added], added: added.map((p) => p.id), replaced };
}

export function deletePreset(list: readonly Preset[], id: string): Preset[] {
  return list.filter((p) => p.id !== id);
}

/** True when `id` is a built-in's: a user preset with it replaces that built-in. */
export function isBuiltinId(id: string, builtin: readonly Preset[] = BUILTIN_PRESETS): boolean {
  return builtin.some((p) => p.id === id);
}
