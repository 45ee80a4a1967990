// Defaults for collecting: storage target and pipeline options (thumbnails, minimum size, redirects),
// and the file types links are collected for. Every change is saved at once.
import { normaliseExtensions } from '../../shared/extract/file-types.js';
import { request } from '../messaging.js';
import type { GleanerSettings, SettingsView } from '../settings.js';
import type { StatusView } from '../view-types.js';

export function DefaultsSection({ settings, status, onSettings }: { settings: SettingsView; status: StatusView | undefined; onSettings: (s: SettingsView) => void }) {
  const save = (patch: Partial<GleanerSettings>) => void request('settings.update', patch).then(onSettings);
  const number = (value: string) => Math.max(0, Math.floor(Number(value) || 0));
  return (
    <section>
      <h2>Defaults</h2>
      <div class="grid-form">
        <label>
          Storage target
          <select value={settings.target} data-testid="default-target" onChange={(e) => save({ target: e.currentTarget.value })}>
            <option value="">the companion's default</option>
            {(status?.targets ?? []).map((t) => (
              <option key={t.name} value={t.name}>
                {t.name} {t.images ?? t.files ? `(${t.images ?? t.files})` : ''}
              </option>
            ))}
            {settings.target && !(status?.targets ?? []).some((t) => t.name === settings.target) && <option value={settings.target}>{settings.target}</option>}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={settings.thumbnails} data-testid="thumbnails" onChange={(e) => save({ thumbnails: e.currentTarget.checked })} />
          Make thumbnails (small 50×50, big 270×270)
        </label>
        <label>
          Minimum image width <input type="number" min="0" value={settings.minWidth} data-testid="min-width" onChange={(e) => save({ minWidth: number(e.currentTarget.value) })} />
        </label>
        <label>
          Minimum image height <input type="number" min="0" value={settings.minHeight} data-testid="min-height" onChange={(e) => save({ minHeight: number(e.currentTarget.value) })} />
        </label>
        <label>
          <input type="checkbox" checked={settings.redirects} data-testid="redirects" onChange={(e) => save({ redirects: e.currentTarget.checked })} />
          Follow redirects
        </label>
        <label class="wide">
          File types collected from links
          <textarea rows={2} data-testid="file-extensions" value={settings.fileExtensions.join(', ')} onChange={(e) => save({ fileExtensions: normaliseExtensions(e.currentTarget.value) })} />
        </label>
      </div>
      <p class="hint">The minimum size also filters the popup's list and one-click collecting; the companion checks it again on the real image.</p>
    </section>
  );
}
