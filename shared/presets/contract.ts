// Contracts, in the spirit of Scrapy's spider contracts: `@url` (contract.url, or a saved copy in
// contract.page), `@returns items MIN MAX` (items, and urls for media URLs), `@scrapes FIELD …`
// (scrapes). Checking is pure: the caller loads the page (saved, fetched or rendered), this says what
// failed, each failure as one sentence.
import type { Item } from '../items.js';
import { applyPreset, type PresetResult } from './apply-preset.js';
import type { Contract, Preset } from './preset-schema.js';
import { detects } from './select-preset.js';
import { presetMatchesUrl } from './validate-preset.js';

export interface ContractOutcome {
  /** Index of the contract in preset.contracts. */
  index: number;
  url: string;
  passed: boolean;
  failures: string[];
  items: number;
  urls: number;
  /** The full result, for a closer look (dry runs, the options page's preview). */
  result: PresetResult;
}

/** Applies the preset to the contract's page (already loaded into `document`) and checks it. */
export function checkContract(preset: Preset, index: number, document: Document): ContractOutcome {
  const contract = preset.contracts?.[index];
  if (!contract) throw new RangeError(`The preset ${preset.id} has no contract ${index}`);
  const result = applyPreset(document, contract.url, preset);
  const failures: string[] = [];
  if (!presetMatchesUrl(preset, contract.url)) failures.push(`the preset does not match its contract URL ${contract.url}`);
  if (!detects(preset, document)) failures.push(`the page has no element matching detect ${JSON.stringify(preset.detect)}`);
  failures.push(...result.warnings);
  checkRange('items', contract.items, result.counts.items, failures);
  checkRange('media URLs', contract.urls, result.counts.urls, failures);
  failures.push(...missingFields(contract, result.items));
  return { index, url: contract.url, passed: failures.length === 0, failures, items: result.counts.items, urls: result.counts.urls, result };
}

function checkRange(what: string, range: Contract['items'], actual: number, failures: string[]): void {
  if (!range) return;
  const [min, max] = [range[0]!, range[1]];
  if (actual < min || (max !== undefined && actual > max)) {
    const expected = max === undefined ? `at least ${min}` : min === max ? `${min}` : `${min}..${max}`;
    failures.push(`returned ${actual} ${what}, expected ${expected}`);
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function missingFields(contract: Contract, items: readonly Item[]): string[] {
  const failures: string[] = [];
  for (const field of contract.scrapes ?? []) {
    const missing = items.flatMap((item, i) => (isEmpty(item[field]) ? [i] : []));
    if (missing.length === 0) continue;
    const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
    failures.push(`field "${field}" is missing or empty in item${missing.length > 1 ? 's' : ''} ${shown}`);
  }
  return failures;
}
