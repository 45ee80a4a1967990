// A plain textarea for JSON with its problems shown where they are: line numbers beside it, the lines
// with a problem marked in the gutter and underlined from the problem's column in a backdrop that
// scrolls with the text, and below, each problem with its line, column and path (clicking one puts
// the cursor there). No editor library: the options page stays small and works the same in Firefox.
import { useRef } from 'preact/hooks';
import type { PresetIssue } from '../../shared/presets/index.js';

export interface JsonTextareaProps {
  value: string;
  onInput: (text: string) => void;
  issues: readonly PresetIssue[];
}

export function JsonTextarea({ value, onInput, issues }: JsonTextareaProps) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const backdrop = useRef<HTMLPreElement>(null);
  const lines = value.split('\n');
  const byLine = new Map<number, PresetIssue[]>();
  for (const issue of issues) {
    const line = issue.location?.line;
    if (line !== undefined) byLine.set(line, [...(byLine.get(line) ?? []), issue]);
  }
  const describe = (issue: PresetIssue) => `${issue.where || '(preset)'}: ${issue.message}`;

  const follow = () => {
    const area = textarea.current;
    if (!area) return;
    if (gutter.current) gutter.current.scrollTop = area.scrollTop;
    if (backdrop.current) {
      backdrop.current.scrollTop = area.scrollTop;
      backdrop.current.scrollLeft = area.scrollLeft;
    }
  };

  const jumpTo = (issue: PresetIssue) => {
    const area = textarea.current;
    if (!area || !issue.location) return;
    area.focus();
    const end = value.indexOf('\n', issue.location.offset);
    area.setSelectionRange(issue.location.offset, end < 0 ? value.length : end);
  };

  return (
    <div class="json-editor-wrap">
      <div class="json-editor">
        <div class="json-gutter" ref={gutter} aria-hidden="true">
          {lines.map((_, i) => {
            const found = byLine.get(i + 1);
            return (
              <div key={i} class={found ? 'ln ln-bad' : 'ln'} data-line={i + 1} data-testid={found ? 'error-line' : undefined} title={found?.map(describe).join('\n')}>
                {i + 1}
              </div>
            );
          })}
          <div class="json-tail" />
        </div>
        <div class="json-code">
          <pre class="json-backdrop" ref={backdrop} aria-hidden="true">
            {lines.map((line, i) => {
              const column = byLine.get(i + 1)?.reduce((min, issue) => Math.min(min, issue.location!.column), Infinity);
              if (column === undefined) return <div key={i}>{line || ' '}</div>;
              return (
                <div key={i} class="bl-bad">
                  {line.slice(0, column - 1)}
                  <mark>{line.slice(column - 1) || ' '}</mark>
                </div>
              );
            })}
            <div class="json-tail" />
          </pre>
          <textarea
            ref={textarea}
            data-testid="preset-json"
            wrap="off"
            spellcheck={false}
            autocomplete="off"
            value={value}
            onInput={(e) => onInput(e.currentTarget.value)}
            onScroll={follow}
          />
        </div>
      </div>
      {issues.length > 0 && (
        <ul class="json-issues" data-testid="preset-issues">
          {issues.map((issue, i) => (
            <li key={i} data-testid="preset-issue" data-line={issue.location?.line ?? ''} data-column={issue.location?.column ?? ''} data-where={issue.where}>
              {issue.location && (
                <button type="button" class="link" onClick={() => jumpTo(issue)}>
                  line {issue.location.line}, column {issue.location.column}
                </button>
              )}{' '}
              <code>{issue.where || '(preset)'}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
