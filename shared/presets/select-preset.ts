// Which preset applies to a page. Written down once, used by the extension and the companion alike:
//  1. a user preset replaces the built-in preset with the same id;
//  2. presets whose match patterns cover the URL (and whose exclusions do not) are candidates;
//  3. the most specific pattern wins (exact host > *.domain > any host; then more host labels, a port,
//     more literal path characters, an explicit scheme);
//  4. on a tie, user presets beat built-ins, then a preset with a `detect` selector beats one without,
//     then ids in alphabetical order (so the choice never depends on load order);
//  5. a candidate with `detect` applies only when the page has a matching element;
//  6. none left: the generic extraction applies.
import { compareSpecificity, matchesPattern, parseMatchPattern, type Specificity } from './match-pattern.js';
import type { Preset } from './preset-schema.js';

export type PresetOrigin = 'builtin' | 'user';

export interface PresetEntry {
  readonly preset: Preset;
  readonly origin: PresetOrigin;
  /** A user preset that replaced the built-in preset with the same id. */
  readonly overrides?: boolean;
  /** Where it came from (a file path, or a storage key), for messages. */
  readonly source?: string;
}

export interface RankedPreset {
  readonly entry: PresetEntry;
  /** The most specific of the preset's patterns that matched. */
  readonly pattern: string;
  readonly specificity: Specificity;
}

export function asEntries(presets: readonly Preset[], origin: PresetOrigin, source?: string): PresetEntry[] {
  return presets.map((preset) => (source === undefined ? { preset, origin } : { preset, origin, source }));
}

/** Built-ins first, each replaced by the user preset with its id; then the other user presets. */
export function mergePresets(builtin: readonly PresetEntry[], user: readonly PresetEntry[]): PresetEntry[] {
  const byId = new Map(user.map((entry) => [entry.preset.id, entry]));
  const merged: PresetEntry[] = builtin.map((entry) => {
    const replacement = byId.get(entry.preset.id);
    return replacement ? { ...replacement, overrides: true } : entry;
  });
  const builtinIds = new Set(builtin.map((entry) => entry.preset.id));
  for (const entry of user) if (!builtinIds.has(entry.preset.id)) merged.push(entry);
  return merged;
}

function bestPattern(sources: readonly string[], url: URL): { pattern: string; specificity: Specificity } | undefined {
  let best: { pattern: string; specificity: Specificity } | undefined;
  for (const source of sources) {
    const pattern = parseMatchPattern(source);
    if (typeof pattern === 'string' || !matchesPattern(pattern, url)) continue;
    if (!best || compareSpecificity(pattern.specificity, best.specificity) > 0) best = { pattern: source, specificity: pattern.specificity };
  }
  return best;
}

/** The presets whose patterns match `url`, best first (rules 2–4 above; `detect` is not checked). */
export function rankPresets(url: string, entries: readonly PresetEntry[]): RankedPreset[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const ranked: RankedPreset[] = [];
  for (const entry of entries) {
    const best = bestPattern(entry.preset.match, parsed);
    if (!best) continue;
    if (entry.preset.exclude && bestPattern(entry.preset.exclude, parsed)) continue;
    ranked.push({ entry, ...best });
  }
  return ranked.sort(compareRanked);
}

function compareRanked(a: RankedPreset, b: RankedPreset): number {
  return (
    compareSpecificity(b.specificity, a.specificity) ||
    originRank(b.entry) - originRank(a.entry) ||
    Number(b.entry.preset.detect !== undefined) - Number(a.entry.preset.detect !== undefined) ||
    (a.entry.preset.id < b.entry.preset.id ? -1 : a.entry.preset.id > b.entry.preset.id ? 1 : 0)
  );
}

function originRank(entry: PresetEntry): number {
  return entry.origin === 'user' ? 1 : 0;
}

/** True when the preset has no `detect` selector or the document has an element matching it. */
export function detects(preset: Preset, document: Document): boolean {
  if (preset.detect === undefined) return true;
  try {
    return document.querySelector(preset.detect) !== null;
  } catch {
    // A selector this DOM does not understand detects nothing; validation reports it where it can.
    return false;
  }
}

/** The preset that applies to this page, or undefined for the generic extraction. */
export function selectPreset(url: string, entries: readonly PresetEntry[], document: Document): PresetEntry | undefined {
  return rankPresets(url, entries).find((ranked) => detects(ranked.entry.preset, document))?.entry;
}
