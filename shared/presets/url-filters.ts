// URL rewrite rules (thumbnail → original) and filters (size, type, include/exclude), compiled once per
// preset and applied to every URL a preset finds, in that order: filters judge the URL that will be
// downloaded, not the thumbnail's.
import { kindOfExtension, urlExtension } from '../extract/file-types.js';
import type { UrlField } from './field-names.js';
import type { Filters, RewriteRule } from './preset-schema.js';

export interface UrlCandidate {
  url: string;
  field: UrlField;
  width?: number | undefined;
  height?: number | undefined;
}

export interface CompiledRewrite {
  regex: RegExp;
  replace: string;
  fields: ReadonlySet<UrlField> | undefined;
}

export function compileRewrites(rules: readonly RewriteRule[] | undefined): CompiledRewrite[] {
  return (rules ?? []).map((rule) => ({
    regex: new RegExp(rule.pattern, rule.flags ?? ''),
    replace: rule.replace,
    fields: rule.fields ? new Set(rule.fields) : undefined,
  }));
}

/**
 * Applies every rule (in order) that concerns the field. `normalise` resolves a result to an absolute
 * fetchable URL (or undefined): a rule whose result is not one is skipped, so a too-eager pattern
 * cannot turn a working URL into garbage.
 */
export function rewriteUrl(url: string, field: UrlField, rules: readonly CompiledRewrite[], normalise: (url: string) => string | undefined): string {
  let current = url;
  for (const rule of rules) {
    if (rule.fields && !rule.fields.has(field)) continue;
    rule.regex.lastIndex = 0;
    const replaced = current.replace(rule.regex, rule.replace);
    if (replaced === current) continue;
    const next = normalise(replaced);
    if (next !== undefined) current = next;
  }
  return current;
}

// Spellings of one format, so `types: ["jpg"]` keeps .jpeg files too.
const ALIASES: Record<string, string> = { jpeg: 'jpg', jpe: 'jpg', jfif: 'jpg', tiff: 'tif', htm: 'html', mpeg: 'mpg' };
const KINDS = new Set(['image', 'video', 'audio', 'file']);

function canonicalType(type: string): string {
  const lower = type.toLowerCase().replace(/^\./, '');
  return ALIASES[lower] ?? lower;
}

/** The URL's extension ('' when none), and its kind (by extension, else by the field it is in). */
export function urlType(url: string, field: UrlField): { ext: string; kind: string } {
  const fallback = field === 'image_urls' ? 'image' : 'file';
  const data = /^data:([a-z]+)\/([a-z0-9.+-]+)/i.exec(url);
  if (data) {
    const ext = canonicalType(data[2]!.replace(/\+xml$/i, ''));
    return { ext, kind: ['image', 'video', 'audio'].includes(data[1]!.toLowerCase()) ? data[1]!.toLowerCase() : 'file' };
  }
  let ext = '';
  try {
    ext = canonicalType(urlExtension(new URL(url)));
  } catch {
    return { ext, kind: fallback };
  }
  return { ext, kind: ext ? kindOfExtension(ext) : fallback };
}

export type UrlFilter = (candidate: UrlCandidate) => boolean;

export function compileFilters(filters: Filters | undefined): UrlFilter {
  if (!filters) return () => true;
  const types = filters.types ? new Set(filters.types.map(canonicalType)) : undefined;
  const include = filters.include?.map((source) => new RegExp(source));
  const exclude = filters.exclude?.map((source) => new RegExp(source));
  const { minWidth, minHeight } = filters;
  return (candidate) => {
    if (include && !include.some((regex) => regex.test(candidate.url))) return false;
    if (exclude && exclude.some((regex) => regex.test(candidate.url))) return false;
    if (types) {
      const { ext, kind } = urlType(candidate.url, candidate.field);
      if (!types.has(ext) && !(KINDS.has(kind) && types.has(kind))) return false;
    }
    // An unknown size passes: the Images pipeline's minimum size judges the downloaded file.
    if (minWidth !== undefined && candidate.width !== undefined && candidate.width < minWidth) return false;
    if (minHeight !== undefined && candidate.height !== undefined && candidate.height < minHeight) return false;
    return true;
  };
}
