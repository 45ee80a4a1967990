// The options page's list of presets: every built-in and every user preset, with what replaces what,
// so the user sees that their "mediawiki" is the one in use and the built-in is set aside.
import type { Preset } from '../../shared/presets/index.js';

export interface PresetRow {
  preset: Preset;
  origin: 'builtin' | 'user';
  /** A user preset with a built-in's id: it applies instead of the built-in. */
  overrides: boolean;
  /** A built-in the user's preset with its id replaces: listed, not used. */
  replaced: boolean;
}

/** Built-ins in their order, each followed by the user preset replacing it; then the user's own. */
export function presetRows(builtin: readonly Preset[], user: readonly Preset[]): PresetRow[] {
  const userById = new Map(user.map((p) => [p.id, p]));
  const rows: PresetRow[] = [];
  for (const preset of builtin) {
    const replacement = userById.get(preset.id);
    rows.push({ preset, origin: 'builtin', overrides: false, replaced: replacement !== undefined });
    if (replacement) rows.push({ preset: replacement, origin: 'user', overrides: true, replaced: false });
  }
  const builtinIds = new Set(builtin.map((p) => p.id));
  for (const preset of user) if (!builtinIds.has(preset.id)) rows.push({ preset, origin: 'user', overrides: false, replaced: false });
  return rows;
}

/** What the editor starts from for a new preset: small, valid, and showing the usual keys. */
export const NEW_PRESET_TEXT = `${JSON.stringify(
  {
    format: 1,
    id: 'my-preset',
    name: 'My preset',
    match: ['https://example.com/gallery/*'],
    items: { selector: 'figure' },
    fields: {
      title: { selector: 'figcaption' },
      image_urls: [{ selector: 'img' }],
    },
  },
  null,
  2,
)}\n`;

/** The editor's text for an existing preset: the export format, so what is edited is what is saved. */
export function presetText(preset: Preset): string {
  return `${JSON.stringify(preset, null, 2)}\n`;
}
