// `gleaner presets check`: each contract's page — its saved copy, else the live URL (fetched, or
// rendered in Chromium when the contract or the command asks) — through the preset, and what failed.
import { readFile } from 'node:fs/promises';
import { toGleanerError } from '../../shared/errors.js';
import { checkContract, type PresetEntry } from '../../shared/presets/index.js';
import type { PageFetcher } from './fetch-page.js';
import { contractPagePath } from './load-presets.js';
import { parseHtml } from './node-dom.js';
import type { PageRenderer } from './render-page.js';

export interface ContractReport {
  entry: PresetEntry;
  /** 0-based index in preset.contracts. */
  index: number;
  url: string;
  /** Where the page came from: the saved file, "fetched" or "rendered". */
  from: string;
  passed: boolean;
  failures: string[];
  items: number;
  urls: number;
}

export interface ContractLoaders {
  fetcher: PageFetcher;
  /** Makes a renderer on first use, so checks that never render never start Chromium. */
  renderer: () => PageRenderer;
  /** Render every live contract page, not only those that ask for it. */
  renderAll?: boolean;
}

export async function runContracts(entry: PresetEntry, loaders: ContractLoaders): Promise<ContractReport[]> {
  const reports: ContractReport[] = [];
  for (const [index, contract] of (entry.preset.contracts ?? []).entries()) {
    const saved = contractPagePath(entry, contract);
    const render = contract.render === true || loaders.renderAll === true;
    const from = saved ?? (render ? 'rendered' : 'fetched');
    const base = { entry, index, url: contract.url, from };
    let html: string;
    try {
      if (saved !== undefined) html = await readFile(saved, 'utf8');
      else if (render) html = (await loaders.renderer().render(contract.url, entry.preset.actions ?? [])).html;
      else html = (await loaders.fetcher.fetch(contract.url)).html;
    } catch (error) {
      const failure = toGleanerError(error, 'ERR_PAGE_FETCH');
      const what = saved !== undefined ? `cannot read the saved page ${saved}: ${(error as Error).message}` : `${failure.code}: ${failure.message}`;
      reports.push({ ...base, passed: false, failures: [what], items: 0, urls: 0 });
      continue;
    }
    const outcome = checkContract(entry.preset, index, await parseHtml(html));
    reports.push({ ...base, passed: outcome.passed, failures: outcome.failures, items: outcome.items, urls: outcome.urls });
  }
  return reports;
}
