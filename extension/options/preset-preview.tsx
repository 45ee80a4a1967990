// The preview's tab picker and its result: counts, the outlined elements, and the items the preset
// gave on that tab. The page itself shows the outlines (items solid orange, fields dashed blue).
import type { PageTab } from '../messaging.js';
import { shortUrl } from '../ui/format.js';
import type { PreviewView } from '../view-types.js';

export interface PresetPreviewProps {
  tabs: readonly PageTab[];
  tabId: number | undefined;
  onTab: (tabId: number) => void;
  onRefreshTabs: () => void;
  result: PreviewView | undefined;
  error: string | undefined;
  busy: boolean;
  onClear: () => void;
}

const COUNT_LABELS: Array<[keyof PreviewView['counts'], string]> = [
  ['itemElements', 'item elements'],
  ['items', 'items kept'],
  ['urls', 'media URLs'],
  ['rewritten', 'URLs rewritten'],
  ['filtered', 'URLs filtered out'],
  ['emptyItems', 'items without media'],
];

function value(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? shortUrl(x) : String(x))).join(', ');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function PresetPreview({ tabs, tabId, onTab, onRefreshTabs, result, error, busy, onClear }: PresetPreviewProps) {
  const known = tabs.some((t) => t.id === tabId);
  return (
    <div class="preset-preview" data-testid="preset-preview-panel">
      <div class="row">
        <label>
          Preview on{' '}
          <select data-testid="preview-tab" value={tabId ?? ''} onFocus={onRefreshTabs} onChange={(e) => onTab(Number(e.currentTarget.value))}>
            {tabId === undefined && <option value="">choose a tab</option>}
            {tabId !== undefined && !known && <option value={tabId}>tab {tabId}</option>}
            {tabs.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title.slice(0, 80)}
              </option>
            ))}
          </select>
        </label>
        {result && (
          <button type="button" data-testid="preview-clear" onClick={onClear}>
            Remove the outlines
          </button>
        )}
      </div>
      {tabs.length === 0 && tabId === undefined && (
        <p class="hint">Open the page to try a preset on, click Gleaner's toolbar button there once (that lets the extension read it), then come back: its tab is listed here.</p>
      )}
      {busy && <p class="hint">Running the preset on the tab…</p>}
      {error && <p class="error" data-testid="preview-error">{error}</p>}
      {result && !busy && (
        <div data-testid="preview-result" data-preset={result.preset.id}>
          <p>
            <strong>{result.preset.name}</strong> on <span title={result.pageUrl}>{result.title || shortUrl(result.pageUrl)}</span>
            {!result.matchesUrl && <span class="error"> — its match patterns do not cover this page (the preview runs it anyway)</span>}
            {!result.detected && <span class="error"> — its detect selector finds nothing here, so it would not apply by itself</span>}
          </p>
          <ul class="preview-counts" data-testid="preview-counts">
            {COUNT_LABELS.map(([key, label]) => (
              <li key={key} data-testid={`count-${key}`} data-value={result.counts[key]}>
                {result.counts[key]} {label}
              </li>
            ))}
          </ul>
          <p data-testid="preview-highlighted" data-items={result.highlighted.items} data-elements={result.highlighted.elements}>
            Outlined in the page: {result.highlighted.items} item element{result.highlighted.items === 1 ? '' : 's'} (solid orange), and field
            elements (dashed blue):{' '}
            {Object.entries(result.highlighted.fields)
              .map(([name, n]) => `${name} ${n}`)
              .join(', ') || 'none'}
            .
          </p>
          {result.warnings.length > 0 && <p class="error">{result.warnings.join(' ')}</p>}
          <ol class="preview-items">
            {result.items.map((item, i) => (
              <li key={i} data-testid="preview-item">
                {Object.entries(item)
                  .filter(([name]) => name !== 'url' && name !== 'referer')
                  .map(([name, v]) => (
                    <div key={name}>
                      <code>{name}</code>: {value(v)}
                    </div>
                  ))}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
