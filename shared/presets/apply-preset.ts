// applyPreset(document, pageUrl, preset): the preset's items, in Scrapy's shape, from a live DOM (the
// content script, Chromium) or a parsed one (linkedom in the companion) — the same code both ways. It
// reads attributes and text only (never layout), so both DOMs give the same items; a browser adds the
// loaded size of images, which only the dimension filters use.
//
// Also returns the elements each part of the preset matched, so the options page can highlight them.
import type { Item } from '../items.js';
import { MediaCollector } from '../extract/media-collector.js';
import { baseUrl } from '../extract/walk-document.js';
import { URL_FIELDS, type UrlField } from './field-names.js';
import type { Preset, UrlRule, ValueRule } from './preset-schema.js';
import { DEFAULT_URL_ATTRIBUTES, readUrl } from './read-urls.js';
import { compileFilters, compileRewrites, rewriteUrl, type UrlFilter, type CompiledRewrite } from './url-filters.js';
import { readValue } from './read-values.js';
import { QueryScope } from './query-scope.js';

export interface ApplyOptions {
  /** Most items per page (default 10,000; the preset's items.limit when lower). */
  maxItems?: number;
  /** Most URLs per field of one item (default 10,000). */
  maxUrls?: number;
}

export interface PresetMatches {
  /** The element of each item (the <html> element when the whole page is one item). */
  items: Element[];
  /** Every element each field's selectors matched, by field name. */
  fields: Record<string, Element[]>;
}

export interface PresetCounts {
  /** Elements the item selector matched (1 for a whole-page preset). */
  itemElements: number;
  /** Items kept: those with at least one media URL. */
  items: number;
  /** Media URLs over all kept items. */
  urls: number;
  /** URLs changed by rewrite rules. */
  rewritten: number;
  /** URLs dropped by the filters. */
  filtered: number;
  /** Item elements dropped because no media URL was left. */
  emptyItems: number;
}

export interface PresetResult {
  presetId: string;
  pageUrl: string;
  items: Item[];
  matches: PresetMatches;
  counts: PresetCounts;
  /** Problems met on this page, e.g. a selector this DOM cannot parse. */
  warnings: string[];
}

interface Compiled {
  resolve: (raw: string) => string | undefined;
  rewrites: CompiledRewrite[];
  keep: UrlFilter;
  /** Each URL rule's own `types` filter. */
  ruleTypes: Map<UrlRule, UrlFilter>;
  maxUrls: number;
}

export function applyPreset(document: Document, pageUrl: string, preset: Preset, options: ApplyOptions = {}): PresetResult {
  const collector = new MediaCollector({});
  const base = baseUrl(document, pageUrl);
  const compiled: Compiled = {
    resolve: (raw) => collector.resolve(raw, base),
    rewrites: compileRewrites(preset.rewrite),
    keep: compileFilters(preset.filters),
    ruleTypes: ruleTypeFilters(preset),
    maxUrls: options.maxUrls ?? 10_000,
  };
  const query = new QueryScope(document);
  const counts: PresetCounts = { itemElements: 0, items: 0, urls: 0, rewritten: 0, filtered: 0, emptyItems: 0 };
  const matches: PresetMatches = { items: [], fields: {} };
  const maxItems = Math.min(options.maxItems ?? 10_000, preset.items?.limit ?? Infinity);
  const roots: Array<Element | Document> = preset.items ? query.all(document, preset.items.selector).slice(0, maxItems) : [document];
  const items: Item[] = [];
  for (const root of roots) {
    counts.itemElements++;
    matches.items.push(root === document ? document.documentElement : (root as Element));
    const item: Item = { url: pageUrl };
    let urls = 0;
    // Plain fields first, then the URL lists, then referer: one stable order whatever the JSON's.
    for (const [name, rule] of Object.entries(preset.fields)) {
      if (rule === undefined || name === 'image_urls' || name === 'file_urls') continue;
      const value = collectValue(rule as ValueRule, root, query, base, fieldMatches(matches, name));
      if (value !== undefined) item[name] = value;
    }
    for (const name of URL_FIELDS) {
      const rules = preset.fields[name];
      if (!rules) continue;
      const list = collectUrls(name, rules, root, query, compiled, counts, fieldMatches(matches, name));
      item[name] = list;
      urls += list.length;
    }
    item.referer = pageUrl;
    if (urls === 0) {
      counts.emptyItems++;
      continue;
    }
    counts.urls += urls;
    items.push(item);
  }
  counts.items = items.length;
  return { presetId: preset.id, pageUrl, items, matches, counts, warnings: query.warnings };
}

function collectUrls(
  field: UrlField,
  rules: readonly UrlRule[],
  root: Element | Document,
  query: QueryScope,
  compiled: Compiled,
  counts: PresetCounts,
  found: Element[],
): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    const elements = query.all(rule.scope === 'page' ? query.document : root, rule.selector);
    for (const element of elements) {
      found.push(element);
      const read = readUrl(element, rule.attributes ?? DEFAULT_URL_ATTRIBUTES, compiled.resolve);
      if (!read) continue;
      const url = rewriteUrl(read.url, field, compiled.rewrites, compiled.resolve);
      const rewritten = url !== read.url;
      if (rewritten) counts.rewritten++;
      // A rewritten URL points at another file (the original): the thumbnail's size says nothing about it.
      const candidate = rewritten ? { url, field } : { url, field, width: read.width, height: read.height };
      if (!compiled.keep(candidate) || !(compiled.ruleTypes.get(rule)?.(candidate) ?? true)) {
        counts.filtered++;
        continue;
      }
      out.add(url);
      if (out.size >= compiled.maxUrls) return [...out];
    }
  }
  return [...out];
}

function fieldMatches(matches: PresetMatches, name: string): Element[] {
  return matches.fields[name] ?? (matches.fields[name] = []);
}

function ruleTypeFilters(preset: Preset): Map<UrlRule, UrlFilter> {
  const filters = new Map<UrlRule, UrlFilter>();
  for (const field of URL_FIELDS) {
    for (const rule of preset.fields[field] ?? []) if (rule.types) filters.set(rule, compileFilters({ types: rule.types }));
  }
  return filters;
}

function collectValue(rule: ValueRule, root: Element | Document, query: QueryScope, base: string, found: Element[]): string | string[] | undefined {
  const scopeRoot = rule.scope === 'page' ? query.document : root;
  const self = scopeRoot === query.document ? query.document.documentElement : (scopeRoot as Element);
  const elements = rule.selector === undefined ? [self] : query.all(scopeRoot, rule.selector);
  const values: string[] = [];
  for (const element of elements) {
    found.push(element);
    const value = readValue(element, rule, base);
    if (value === undefined) continue;
    if (!rule.all) return value;
    values.push(value);
  }
  return rule.all && values.length > 0 ? values : undefined;
}
