// Reading preset files the user imports and writing the files they export, in the format of the
// companion's `<config>/presets/*.json`: one preset object, or a list of them. Each preset is checked on
// its own, so one broken preset in a file does not keep the good ones out; every problem carries the
// file, the preset and the line and column, as the companion reports its own files.
import {
  formatPath,
  jsonLocator,
  jsonSyntaxError,
  validatePreset,
  type Preset,
  type PresetIssue,
  type ValidateOptions,
} from '../../shared/presets/index.js';

export interface ImportProblem {
  file: string;
  /** Position in the file's list (0-based); undefined for the file as a whole. */
  index: number | undefined;
  id: string | undefined;
  issues: PresetIssue[];
}

export interface ImportResult {
  presets: Preset[];
  problems: ImportProblem[];
}

export interface ImportFile {
  name: string;
  text: string;
}

function single(file: string, message: string, location?: PresetIssue['location']): ImportProblem {
  const issue: PresetIssue = { path: [], where: '', message };
  if (location) issue.location = location;
  return { file, index: undefined, id: undefined, issues: [issue] };
}

/** Every preset of every file: the valid ones, and the problems of the others; ids unique over all files. */
export function parsePresetFiles(files: readonly ImportFile[], options: ValidateOptions = {}): ImportResult {
  const presets: Preset[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const syntax = jsonSyntaxError(file.text);
    if (syntax) {
      problems.push(single(file.name, syntax.message, syntax.location));
      continue;
    }
    const value: unknown = JSON.parse(file.text);
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) problems.push(single(file.name, 'the file holds an empty list: no preset to import'));
    const locate = jsonLocator(file.text);
    list.forEach((candidate, i) => {
      const index = Array.isArray(value) ? i : undefined;
      const rawId = (candidate as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'string' ? rawId : undefined;
      const result = validatePreset(candidate, options);
      if (!result.ok) {
        // Paths and places in the file: a list's presets are under their index.
        for (const issue of result.issues) {
          const path = index === undefined ? issue.path : [index, ...issue.path];
          issue.where = formatPath(path);
          const location = locate(path);
          if (location) issue.location = location;
        }
        problems.push({ file: file.name, index, id, issues: result.issues });
        return;
      }
      const first = seen.get(result.preset.id);
      if (first !== undefined) {
        const location = locate(index === undefined ? ['id'] : [index, 'id']);
        const issue: PresetIssue = { path: ['id'], where: 'id', message: `the id "${result.preset.id}" is already used by a preset of ${first}; ids must be unique` };
        if (location) issue.location = location;
        problems.push({ file: file.name, index, id: result.preset.id, issues: [issue] });
        return;
      }
      seen.set(result.preset.id, file.name);
      presets.push(result.preset);
    });
  }
  return { presets, problems };
}

/** "presets.json, preset 2 (my-id), line 4, column 7: fields.x: message" — one line per issue. */
export function describeProblem(problem: ImportProblem): string[] {
  const which = problem.index === undefined ? '' : `, preset ${problem.index + 1}`;
  const id = problem.id ? ` (${problem.id})` : '';
  return problem.issues.map((issue) => {
    const at = issue.location ? `, line ${issue.location.line}, column ${issue.location.column}` : '';
    return `${problem.file}${which}${id}${at}: ${issue.where ? `${issue.where}: ` : ''}${issue.message}`;
  });
}

/** The text of an exported file: the preset itself for one, a list for several. */
export function exportText(presets: readonly Preset[]): string {
  const value = presets.length === 1 ? presets[0] : presets;
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `<id>.json` for one preset (what `<config>/presets/` expects), else gleaner-presets.json. */
export function exportFileName(presets: readonly Preset[]): string {
  return presets.length === 1 ? `${presets[0]!.id}.json` : 'gleaner-presets.json';
}
