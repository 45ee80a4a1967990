// The list of presets: built-ins and the user's, with what replaces what, and each one's actions.
import type { Preset } from '../../shared/presets/index.js';
import type { PresetRow } from '../presets/preset-rows.js';

export interface PresetListProps {
  rows: readonly PresetRow[];
  onEdit: (preset: Preset) => void;
  onDuplicate: (preset: Preset) => void;
  onExport: (preset: Preset) => void;
  onDelete: (preset: Preset) => void;
  onPreview: (row: PresetRow) => void;
}

function originText(row: PresetRow): string {
  if (row.origin === 'builtin') return row.replaced ? 'built-in, replaced by yours' : 'built-in';
  return row.overrides ? 'yours, replaces the built-in' : 'yours';
}

export function PresetList({ rows, onEdit, onDuplicate, onExport, onDelete, onPreview }: PresetListProps) {
  return (
    <table class="preset-list" data-testid="preset-list">
      <tbody>
        {rows.map((row) => (
          <tr
            key={`${row.origin}:${row.preset.id}`}
            class={row.replaced ? 'preset-replaced' : ''}
            data-testid="preset-row"
            data-id={row.preset.id}
            data-origin={row.origin}
            data-overrides={String(row.overrides)}
            data-replaced={String(row.replaced)}
          >
            <td>
              <strong>{row.preset.name}</strong> <code>{row.preset.id}</code>
              <div class="hint" title={row.preset.match.join('\n')}>
                {originText(row)} · {row.preset.match.join(', ')}
              </div>
            </td>
            <td class="preset-actions">
              {row.origin === 'user' ? (
                <button type="button" class="link" data-testid="preset-edit" onClick={() => onEdit(row.preset)}>
                  edit
                </button>
              ) : (
                <button type="button" class="link" data-testid="preset-duplicate" onClick={() => onDuplicate(row.preset)} title="Copy it into a preset of yours to edit">
                  duplicate to edit
                </button>
              )}
              <button type="button" class="link" data-testid="preset-preview" onClick={() => onPreview(row)}>
                preview
              </button>
              <button type="button" class="link" data-testid="preset-export" onClick={() => onExport(row.preset)}>
                export
              </button>
              {row.origin === 'user' && (
                <button type="button" class="link" data-testid="preset-delete" onClick={() => onDelete(row.preset)}>
                  delete
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
