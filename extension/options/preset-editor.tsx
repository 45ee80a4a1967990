// Editing one user preset as JSON: validated as it is typed (the format, and every CSS selector against
// this page's own DOM), each problem shown at its line; an invalid preset is never saved. A built-in is
// edited by duplicating it: saved with the built-in's id, the copy replaces it.
import { useMemo, useState } from 'preact/hooks';
import { selectorCheckFor, validatePresetText, type Preset } from '../../shared/presets/index.js';
import { request } from '../messaging.js';
import type { PresetsView } from '../view-types.js';
import { JsonTextarea } from './json-textarea.js';

export interface EditorStart {
  text: string;
  /** The id of the user preset being edited; absent for a new preset or a duplicated built-in. */
  previousId?: string;
  title: string;
}

export interface PresetEditorProps {
  start: EditorStart;
  builtinIds: ReadonlySet<string>;
  onSaved: (view: PresetsView) => void;
  onPreview: (preset: Preset) => void;
  onClose: () => void;
}

export function PresetEditor({ start, builtinIds, onSaved, onPreview, onClose }: PresetEditorProps) {
  const [text, setText] = useState(start.text);
  const [previousId, setPreviousId] = useState(start.previousId);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);
  // An empty fragment of this page: checks selectors without touching anything.
  const checkSelector = useMemo(() => selectorCheckFor(document), []);
  const validation = useMemo(() => validatePresetText(text, { checkSelector }), [text]);
  const issues = validation.ok ? [] : validation.issues;

  const save = async () => {
    if (!validation.ok) {
      setMessage({ text: `Not saved: the preset has ${issues.length} problem${issues.length === 1 ? '' : 's'} (listed above).`, error: true });
      return;
    }
    setBusy(true);
    try {
      const view = await request('presets.save', previousId === undefined ? { preset: validation.preset } : { preset: validation.preset, previousId });
      setPreviousId(validation.preset.id);
      setMessage({ text: 'Saved.', error: false });
      onSaved(view);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="preset-editor" data-testid="preset-editor">
      <h3>{start.title}</h3>
      <JsonTextarea
        value={text}
        onInput={(next) => {
          setText(next);
          setMessage(undefined);
        }}
        issues={issues}
      />
      <p class={validation.ok ? 'ok' : 'error'} data-testid="preset-validity">
        {validation.ok ? 'Valid.' : `${issues.length} problem${issues.length === 1 ? '' : 's'}.`}
        {validation.ok && builtinIds.has(validation.preset.id) && (
          <span class="hint"> With the id "{validation.preset.id}" it replaces the built-in preset; change the id to keep both.</span>
        )}
      </p>
      <div class="row">
        <button type="button" class="primary" data-testid="preset-save" disabled={busy || !validation.ok} onClick={() => void save()}>
          Save
        </button>
        <button type="button" data-testid="preset-preview-edited" disabled={!validation.ok} onClick={() => validation.ok && onPreview(validation.preset)}>
          Preview on the tab
        </button>
        <button type="button" data-testid="preset-close" onClick={onClose}>
          Close
        </button>
      </div>
      {message && (
        <p class={message.error ? 'error' : 'ok'} data-testid="preset-save-result" role="status">
          {message.text}
        </p>
      )}
    </div>
  );
}
