// Which preset gave the popup's list, and the switch to another one (or to the generic extraction). The
// list: presets whose patterns match the page first (the order the automatic choice tries them), then
// the others, then the generic extraction; choosing one scans the tab again with it.
import type { PresetRef, ScanView } from '../view-types.js';

/** The switch's value for the generic extraction (no preset id is empty). */
export const GENERIC = '';

export function originLabel(preset: Pick<PresetRef, 'origin' | 'overrides'>): string {
  if (preset.origin === 'builtin') return 'built-in';
  return preset.overrides ? 'yours, replaces the built-in' : 'yours';
}

export interface PresetBarProps {
  scan: ScanView;
  busy: boolean;
  onSwitch: (preset: string | null) => void;
}

export function PresetBar({ scan, busy, onSwitch }: PresetBarProps) {
  const { preset } = scan;
  const choices = scan.choices ?? [];
  const matching = choices.filter((c) => c.matches);
  const others = choices.filter((c) => !c.matches);
  return (
    <div class="preset-bar" data-testid="preset-bar" data-preset={preset?.id ?? ''} data-forced={scan.forced ? 'true' : 'false'}>
      {preset ? (
        <span data-testid="preset-applied">
          Preset: <strong data-testid="preset-name">{preset.name}</strong> <span class="hint">({originLabel(preset)})</span>
          {' · '}
          <span data-testid="preset-counts">
            {preset.counts.items} item{preset.counts.items === 1 ? '' : 's'}, {preset.counts.urls} URL{preset.counts.urls === 1 ? '' : 's'}
          </span>
          {preset.counts.filtered > 0 && <span class="hint"> ({preset.counts.filtered} filtered out)</span>}
        </span>
      ) : (
        <span data-testid="preset-applied">
          <strong data-testid="preset-name">Generic extraction</strong>
          {!scan.forced && <span class="hint"> (no preset applies to this page)</span>}
        </span>
      )}
      <label class="preset-switch">
        Switch to{' '}
        <select
          data-testid="preset-switch"
          value={preset?.id ?? GENERIC}
          disabled={busy}
          onChange={(e) => onSwitch(e.currentTarget.value === GENERIC ? null : e.currentTarget.value)}
        >
          <ChoiceGroup label="Matching this page" choices={matching} />
          <ChoiceGroup label="Other presets" choices={others} />
          <option value={GENERIC}>Generic extraction (everything on the page)</option>
        </select>
      </label>
      {preset && preset.warnings.length > 0 && (
        <p class="error" data-testid="preset-warnings">
          {preset.warnings.join(' ')}
        </p>
      )}
    </div>
  );
}

/** One labelled group of the switch list; nothing when it is empty. */
function ChoiceGroup({ label, choices }: { label: string; choices: readonly PresetRef[] }) {
  if (choices.length === 0) return null;
  return (
    <optgroup label={label}>
      {choices.map((c) => (
        <option key={c.id} value={c.id}>
          {`${c.name} (${originLabel(c)})`}
        </option>
      ))}
    </optgroup>
  );
}
