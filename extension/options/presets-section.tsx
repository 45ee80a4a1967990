// Presets on the options page: the list (built-in and yours), the JSON editor, import and export in the
// companion's file format, and the preview of a preset on a tab (`?tab=<id>` picks the tab, as for the
// popup; otherwise any tab the user clicked the toolbar button on).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { selectorCheckFor, type Preset } from '../../shared/presets/index.js';
import { pageTabs, request, type PageTab } from '../messaging.js';
import { describeProblem, exportFileName, exportText, parsePresetFiles } from '../presets/import-export.js';
import { NEW_PRESET_TEXT, presetRows, presetText, type PresetRow } from '../presets/preset-rows.js';
import type { PresetsView, PreviewView } from '../view-types.js';
import { PresetEditor, type EditorStart } from './preset-editor.js';
import { PresetList } from './preset-list.js';
import { PresetPreview } from './preset-preview.js';
import './presets.css';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function PresetsSection({ initialTab }: { initialTab: number | undefined }) {
  const [view, setView] = useState<PresetsView>();
  const [editing, setEditing] = useState<EditorStart & { key: number }>();
  const [importReport, setImportReport] = useState<{ lines: string[]; error: boolean }>();
  const [tabs, setTabs] = useState<PageTab[]>([]);
  const [tabId, setTabId] = useState<number | undefined>(initialTab);
  const [preview, setPreview] = useState<{ result?: PreviewView; error?: string; busy: boolean }>({ busy: false });

  const refreshTabs = () =>
    void pageTabs().then((found) => {
      setTabs(found);
      setTabId((current) => current ?? found[0]?.id);
    });
  useEffect(() => {
    void request('presets.get', {}).then(setView);
    refreshTabs();
  }, []);

  const rows = useMemo(() => (view ? presetRows(view.builtin, view.user) : []), [view]);
  const builtinIds = useMemo(() => new Set(view?.builtin.map((p) => p.id)), [view]);
  const edit = (start: EditorStart) => setEditing({ ...start, key: Date.now() });

  const runPreview = async (preset: Preset, origin: 'builtin' | 'user') => {
    if (tabId === undefined) return setPreview({ busy: false, error: 'Choose a tab to preview on first.' });
    setPreview({ busy: true });
    try {
      setPreview({ busy: false, result: await request('preview', { tabId, preset, origin }) });
    } catch (error) {
      setPreview({ busy: false, error: (error as Error).message });
    }
  };
  const clearPreview = async () => {
    if (tabId !== undefined) await request('preview.clear', { tabId }).catch(() => undefined);
    setPreview({ busy: false });
  };

  const importFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const files = await Promise.all([...list].map(async (file) => ({ name: file.name, text: await file.text() })));
    const parsed = parsePresetFiles(files, { checkSelector: selectorCheckFor(document) });
    const lines = parsed.problems.flatMap(describeProblem);
    try {
      if (parsed.presets.length > 0) {
        const result = await request('presets.import', { presets: parsed.presets });
        setView(result);
        const replaced = result.replaced.length ? ` (replacing yours with the same id: ${result.replaced.join(', ')})` : '';
        lines.unshift(`Imported ${parsed.presets.length} preset${parsed.presets.length === 1 ? '' : 's'}: ${parsed.presets.map((p) => p.id).join(', ')}${replaced}.`);
      }
      if (parsed.problems.length > 0) lines.splice(parsed.presets.length > 0 ? 1 : 0, 0, `Not imported, ${parsed.problems.length} preset${parsed.problems.length === 1 ? '' : 's'} with problems:`);
      setImportReport({ lines, error: parsed.problems.length > 0 });
    } catch (error) {
      setImportReport({ lines: [(error as Error).message, ...lines], error: true });
    }
  };

  const remove = async (preset: Preset) => {
    if (!confirm(`Delete your preset "${preset.name}" (${preset.id})?`)) return;
    setView(await request('presets.delete', { id: preset.id }));
    if (editing?.previousId === preset.id) setEditing(undefined);
  };

  if (!view) return <section><h2>Presets</h2><p>Loading…</p></section>;
  return (
    <section class="presets" data-testid="presets-section">
      <h2>Presets</h2>
      <p class="hint">
        A preset tells Gleaner where a kind of page keeps its media. The one whose match patterns fit a page best applies in the popup; a
        preset of yours with a built-in's id replaces it. Exported files go into the companion's <code>presets</code> folder as they are.
      </p>
      {view.problems.map((problem) => (
        <p class="error" key={problem}>{problem}</p>
      ))}
      <div class="row">
        <button type="button" data-testid="preset-new" onClick={() => edit({ text: NEW_PRESET_TEXT, title: 'New preset' })}>
          New preset
        </button>
        <label class="file-button">
          Import…
          <input type="file" accept=".json,application/json" multiple data-testid="preset-import" onChange={(e) => {
              const input = e.currentTarget;
              // Cleared afterwards, so importing the same file again (after fixing it) fires again.
              void importFiles(input.files).finally(() => (input.value = ''));
            }}
          />
        </label>
        <button type="button" data-testid="preset-export-all" disabled={view.user.length === 0} onClick={() => download(exportFileName(view.user), exportText(view.user))}>
          Export yours
        </button>
      </div>
      {importReport && (
        <ul class={importReport.error ? 'import-report error' : 'import-report ok'} data-testid="import-report">
          {importReport.lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      <PresetList
        rows={rows}
        onEdit={(preset) => edit({ text: presetText(preset), previousId: preset.id, title: `Edit ${preset.name}` })}
        onDuplicate={(preset) => edit({ text: presetText(preset), title: `Your copy of ${preset.name}` })}
        onExport={(preset) => download(exportFileName([preset]), exportText([preset]))}
        onDelete={(preset) => void remove(preset)}
        onPreview={(row: PresetRow) => void runPreview(row.preset, row.origin)}
      />
      {editing && (
        <PresetEditor key={editing.key} start={editing} builtinIds={builtinIds} onSaved={setView} onPreview={(preset) => void runPreview(preset, 'user')} onClose={() => setEditing(undefined)} />
      )}
      <PresetPreview
        tabs={tabs}
        tabId={tabId}
        onTab={setTabId}
        onRefreshTabs={refreshTabs}
        result={preview.result}
        error={preview.error}
        busy={preview.busy}
        onClear={() => void clearPreview()}
      />
    </section>
  );
}
