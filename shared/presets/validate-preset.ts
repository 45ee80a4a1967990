// Validation with precise paths: every problem comes back as {path, message}, where the path names the
// exact key or list entry (`fields.image_urls[0].attributes[1]`), so the options page can show each
// error at its place in the JSON and the command line can print it in one line.
//
// CSS selectors can only be checked by a DOM, which shared/ does not have: callers pass `checkSelector`
// (the extension uses the page's own querySelector, the companion uses linkedom's).
import type { z } from 'zod';
import { matchesPattern, parseMatchPattern } from './match-pattern.js';
import { Preset } from './preset-schema.js';
import { jsonLocator, jsonSyntaxError, type JsonLocation } from './json-locate.js';

export type IssuePath = ReadonlyArray<string | number>;

export interface PresetIssue {
  path: IssuePath;
  /** The path as people write it: `fields.image_urls[0].selector`; '' for the preset itself. */
  where: string;
  message: string;
  /** Line and column (1-based) in the JSON text, when validating text. */
  location?: JsonLocation;
}

/** Returns a sentence when `selector` is not valid CSS for the DOM at hand. */
export type SelectorCheck = (selector: string) => string | undefined;

/**
 * A SelectorCheck backed by a DOM: the extension passes its page's or options page's `document`, the
 * companion a linkedom one. Queries an empty fragment, so it costs nothing whatever the page holds.
 */
export function selectorCheckFor(document: Document): SelectorCheck {
  const probe = document.createDocumentFragment();
  return (selector) => {
    try {
      probe.querySelector(selector);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}

export interface ValidateOptions {
  checkSelector?: SelectorCheck;
}

export type PresetValidation = { ok: true; preset: Preset } | { ok: false; issues: PresetIssue[] };

export function formatPath(path: IssuePath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out;
}

function issue(path: IssuePath, message: string): PresetIssue {
  return { path, where: formatPath(path), message };
}

function fromZod(error: z.ZodError): PresetIssue[] {
  return error.issues.flatMap((i) => {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // zod reports unknown keys on their object; each key is its own mistake, at its own place.
    if (i.code === 'unrecognized_keys') return i.keys.map((key) => issue([...path, key], `unknown key "${key}"`));
    return [issue(path, i.message)];
  });
}

/** Validates a decoded JSON value as one preset. */
export function validatePreset(value: unknown, options: ValidateOptions = {}): PresetValidation {
  const parsed = Preset.safeParse(value);
  if (!parsed.success) return { ok: false, issues: fromZod(parsed.error) };
  const issues = [...checkSelectors(parsed.data, options.checkSelector), ...checkContracts(parsed.data)];
  return issues.length > 0 ? { ok: false, issues } : { ok: true, preset: parsed.data };
}

/** Validates JSON text; issues carry line and column, including a syntax error's. */
export function validatePresetText(text: string, options: ValidateOptions = {}): PresetValidation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const syntax = jsonSyntaxError(text);
    const message = syntax?.message ?? `not valid JSON: ${(error as Error).message}`;
    const found = issue([], message);
    if (syntax) found.location = syntax.location;
    return { ok: false, issues: [found] };
  }
  const result = validatePreset(value, options);
  if (result.ok) return result;
  const locate = jsonLocator(text);
  for (const found of result.issues) {
    const location = locate(found.path);
    if (location) found.location = location;
  }
  return result;
}

/** "fields.image_urls[0].selector: a CSS selector; id: …" — for one-line reports. */
export function formatIssues(issues: readonly PresetIssue[], max = 5): string {
  const parts = issues.slice(0, max).map((i) => {
    const at = i.location ? ` (line ${i.location.line}, column ${i.location.column})` : '';
    return `${i.where || '(preset)'}${at}: ${i.message}`;
  });
  if (issues.length > max) parts.push(`and ${issues.length - max} more`);
  return parts.join('; ');
}

function checkSelectors(preset: Preset, check: SelectorCheck | undefined): PresetIssue[] {
  if (!check) return [];
  const found: PresetIssue[] = [];
  const test = (selector: string | undefined, path: IssuePath): void => {
    if (selector === undefined) return;
    const problem = check(selector);
    if (problem) found.push(issue(path, `not a valid CSS selector: ${problem}`));
  };
  test(preset.detect, ['detect']);
  test(preset.items?.selector, ['items', 'selector']);
  for (const [name, rule] of Object.entries(preset.fields)) {
    if (Array.isArray(rule)) rule.forEach((r, i) => test(r.selector, ['fields', name, i, 'selector']));
    else test(rule?.selector, ['fields', name, 'selector']);
  }
  preset.actions?.forEach((action, i) => {
    if (action.type === 'waitFor' || action.type === 'click') test(action.selector, ['actions', i, 'selector']);
  });
  return found;
}

/** A contract must be about a page the preset matches, and expect fields the preset fills. */
function checkContracts(preset: Preset): PresetIssue[] {
  const found: PresetIssue[] = [];
  const known = new Set([...Object.keys(preset.fields), 'url', 'referer']);
  preset.contracts?.forEach((contract, i) => {
    if (!presetMatchesUrl(preset, contract.url)) {
      found.push(issue(['contracts', i, 'url'], "the preset's match patterns do not match this URL (or exclude it)"));
    }
    contract.scrapes?.forEach((field, j) => {
      if (!known.has(field)) found.push(issue(['contracts', i, 'scrapes', j], `"${field}" is not a field of this preset`));
    });
  });
  return found;
}

/** True when the preset's patterns match the URL and none of its exclusions do. */
export function presetMatchesUrl(preset: Pick<Preset, 'match' | 'exclude'>, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const hits = (sources: readonly string[] | undefined): boolean =>
    (sources ?? []).some((source) => {
      const pattern = parseMatchPattern(source);
      return typeof pattern !== 'string' && matchesPattern(pattern, parsed);
    });
  return hits(preset.match) && !hits(preset.exclude);
}

