// Where presets come from on this machine: the built-ins, the user's folder (<config>/presets/*.json,
// each file one preset or a list of them, as the extension exports them) and files named on the
// command line. Every file is validated at the edge, with the file, path, line and column in the
// message; a user preset with a built-in's id replaces it.
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GleanerError } from '../../shared/errors.js';
import {
  BUILTIN_PRESETS,
  asEntries,
  formatIssues,
  formatPath,
  jsonLocator,
  jsonSyntaxError,
  mergePresets,
  validatePreset,
  type Contract,
  type PresetEntry,
  type SelectorCheck,
} from '../../shared/presets/index.js';
import { gleanerDirs, type GleanerDirs } from '../config/home.js';
import { nodeSelectorCheck } from './node-dom.js';

/** The folder of user presets. */
export function userPresetsDir(dirs: GleanerDirs = gleanerDirs()): string {
  return path.join(dirs.config, 'presets');
}

/** The package's root (where package.json is): built-in contract pages are relative to it. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('gleaner: cannot find the package root');
    dir = parent;
  }
  return dir;
}

/** Reads one preset file: a preset object or a list of them. */
export async function loadPresetFile(file: string, check?: SelectorCheck): Promise<PresetEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ERR_PRESET_NOT_FOUND' : 'ERR_PRESET_INVALID';
    throw new GleanerError(code, `Cannot read the preset file ${file}: ${(error as Error).message}`);
  }
  const syntax = jsonSyntaxError(text);
  if (syntax) {
    throw new GleanerError('ERR_PRESET_JSON', `${file} (line ${syntax.location.line}, column ${syntax.location.column}): ${syntax.message}`);
  }
  const value: unknown = JSON.parse(text);
  const list = Array.isArray(value) ? value : [value];
  const checkSelector = check ?? (await nodeSelectorCheck());
  const locate = jsonLocator(text);
  const presets = list.map((candidate, index) => {
    const result = validatePreset(candidate, { checkSelector });
    if (result.ok) return result.preset;
    for (const found of result.issues) {
      const where = Array.isArray(value) ? [index, ...found.path] : found.path;
      found.where = formatPath(where);
      const location = locate(where);
      if (location) found.location = location;
    }
    throw new GleanerError('ERR_PRESET_INVALID', `${file}: ${formatIssues(result.issues)}`);
  });
  return asEntries(presets, 'user', file);
}

export interface UserPresets {
  entries: PresetEntry[];
  /** Files that could not be used (invalid, unreadable, duplicate ids), each as a coded error. */
  problems: GleanerError[];
}

/** Every *.json of the user's preset folder, in name order; a missing folder is no presets. */
export async function loadUserPresets(dir: string = userPresetsDir(), check?: SelectorCheck): Promise<UserPresets> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [] };
    throw new GleanerError('ERR_PRESET_INVALID', `Cannot read the preset folder ${dir}: ${(error as Error).message}`);
  }
  const checkSelector = check ?? (await nodeSelectorCheck());
  const entries: PresetEntry[] = [];
  const problems: GleanerError[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      for (const entry of await loadPresetFile(file, checkSelector)) {
        const first = seen.get(entry.preset.id);
        if (first !== undefined) {
          problems.push(new GleanerError('ERR_PRESET_DUPLICATE', `The preset id "${entry.preset.id}" is used by ${first} and ${file}; ids must be unique`));
          continue;
        }
        seen.set(entry.preset.id, file);
        entries.push(entry);
      }
    } catch (error) {
      if (!(error instanceof GleanerError)) throw error;
      problems.push(error);
    }
  }
  return { entries, problems };
}

export function builtinEntries(): PresetEntry[] {
  return asEntries(BUILTIN_PRESETS, 'builtin');
}

/** Built-ins and user presets, merged; the first problem with a user preset file is thrown. */
export async function loadPresets(dir: string = userPresetsDir()): Promise<PresetEntry[]> {
  const user = await loadUserPresets(dir);
  if (user.problems.length > 0) throw user.problems[0]!;
  return mergePresets(builtinEntries(), user.entries);
}

/** `--preset ID|FILE`: a file when the argument names one (or looks like a path), else an id. */
export async function resolvePresetArgument(argument: string, entries: readonly PresetEntry[]): Promise<PresetEntry> {
  const looksLikeFile = argument.endsWith('.json') || argument.includes('/') || argument.includes(path.sep);
  if (looksLikeFile || (existsSync(argument) && !entries.some((e) => e.preset.id === argument))) {
    const loaded = await loadPresetFile(argument);
    if (loaded.length !== 1) {
      throw new GleanerError('ERR_PRESET_INVALID', `${argument} holds ${loaded.length} presets; --preset takes a file with one (or give an id)`);
    }
    return loaded[0]!;
  }
  const found = entries.find((entry) => entry.preset.id === argument);
  if (!found) {
    const ids = entries.map((entry) => entry.preset.id).join(', ');
    throw new GleanerError('ERR_PRESET_NOT_FOUND', `No preset has the id "${argument}" (known: ${ids}), and no file has that name`);
  }
  return found;
}

/** The saved page of a contract, as a path: relative to the preset's file, or to the package root. */
export function contractPagePath(entry: PresetEntry, contract: Contract): string | undefined {
  if (contract.page === undefined) return undefined;
  const base = entry.origin === 'builtin' || entry.source === undefined ? packageRoot() : path.dirname(entry.source);
  return path.resolve(base, contract.page);
}
