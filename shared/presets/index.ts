// Public surface of shared/presets: the format, its validator, choosing a preset for a page, applying
// it to a document, contracts, and the built-ins. Pure: no browser.* and no node:* here, so the
// extension (content script, options page) and the companion share every line.
export {
  Preset,
  UrlRule,
  ValueRule,
  RewriteRule,
  Filters,
  PipelineOptions,
  PageAction,
  Contract,
  RESERVED_FIELDS,
  URL_FIELDS,
  type UrlField,
} from './preset-schema.js';
export {
  validatePreset,
  validatePresetText,
  formatIssues,
  formatPath,
  presetMatchesUrl,
  selectorCheckFor,
  type PresetIssue,
  type PresetValidation,
  type SelectorCheck,
  type ValidateOptions,
} from './validate-preset.js';
export { jsonSyntaxError, jsonLocator, locateJsonPath, type JsonLocation } from './json-locate.js';
export { parseMatchPattern, matchesPattern, compareSpecificity, type MatchPattern, type Specificity } from './match-pattern.js';
export {
  asEntries,
  mergePresets,
  rankPresets,
  selectPreset,
  detects,
  type PresetEntry,
  type PresetOrigin,
  type RankedPreset,
} from './select-preset.js';
export { applyPreset, type ApplyOptions, type PresetCounts, type PresetMatches, type PresetResult } from './apply-preset.js';
export { extractPage, summariseExtraction, type ExtractPageOptions, type ExtractionSummary, type PageExtraction } from './extract-page.js';
export { checkContract, type ContractOutcome } from './contract.js';
export { compileRewrites, rewriteUrl, compileFilters, urlType, type UrlCandidate } from './url-filters.js';
export { DEFAULT_URL_ATTRIBUTES } from './read-urls.js';
export { presetJobOptions } from './job-options.js';
export { BUILTIN_PRESETS } from './builtin/index.js';
