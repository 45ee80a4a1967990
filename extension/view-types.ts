// What the background tells the popup and options pages: plain JSON shapes, safe to send through
// runtime messaging and to keep in extension storage.
import type { MediaEntry } from '../shared/extract/types.js';
import type { ExtractResponse } from './content/scan-page.js';
import type { Item } from '../shared/items.js';
import type { JobOptions, TargetInfo } from '../shared/protocol/index.js';
import type { Preset, PresetCounts, PresetOrigin } from '../shared/presets/index.js';

/** Why the companion is or is not usable, in words the popup shows as they are. */
export type ConnectionState = 'connected' | 'connecting' | 'unreachable' | 'unpaired' | 'refused';

export interface StatusView {
  state: ConnectionState;
  /** Human sentence: what is wrong and what to do. */
  message: string;
  /** Error code from the companion, when it gave one. */
  code?: string;
  address: string;
  paired: boolean;
  server?: string;
  targets: TargetInfo[];
}

/** Result of scanning a tab: what its content script extracted (scan-page.ts), as the popup shows it. */
export interface ScanView extends Omit<ExtractResponse, 'preset'> {
  tabId: number;
  /** The preset that gave `media`; absent when the generic extraction did. */
  preset?: PresetScanView;
  /** The popup's switch list: presets matching the page first, then the others. */
  choices?: PresetChoiceView[];
  /** True when the user picked the preset (or the generic extraction) instead of the automatic choice. */
  forced?: boolean;
}

/** A preset as the popup and options page name it. */
export interface PresetRef {
  id: string;
  name: string;
  origin: PresetOrigin;
  /** A user preset that replaces the built-in with its id. */
  overrides: boolean;
}

export interface PresetScanView extends PresetRef {
  counts: PresetCounts;
  warnings: string[];
  /** The preset's items (Scrapy's shape: url, referer, the preset's fields, image_urls / file_urls). */
  items: Item[];
  /** What the preset's `pipeline` asks of a job (presetJobOptions). */
  job: { target?: string; options: JobOptions };
}

export interface PresetChoiceView extends PresetRef {
  /** Its match patterns cover the page (it may still have been skipped for its `detect`). */
  matches: boolean;
}

/** A preset run on a tab from the options page, its matched elements outlined in the page. */
export interface PreviewView {
  tabId: number;
  pageUrl: string;
  title: string;
  preset: PresetRef;
  /** The preset's match patterns cover the page (a preview runs it either way). */
  matchesUrl: boolean;
  /** The preset has no `detect`, or the page has an element matching it. */
  detected: boolean;
  counts: PresetCounts;
  warnings: string[];
  items: Item[];
  /** Elements outlined in the page: item elements, and each field's (distinct) elements. */
  highlighted: { items: number; fields: Record<string, number>; elements: number };
}

/** The presets the options page lists. */
export interface PresetsView {
  builtin: Preset[];
  user: Preset[];
  /** Stored presets that could not be used, with why. */
  problems: string[];
}

/** A file's place in the pipeline, as the popup shows it. 'waiting' = not yet sent to the companion. */
export type FileStageView =
  | 'waiting'
  | 'queued'
  | 'downloading'
  | 'processing'
  | 'stored'
  | 'uptodate'
  | 'cached'
  | 'failed';

export const FINAL_STAGES: ReadonlySet<FileStageView> = new Set(['stored', 'uptodate', 'cached', 'failed']);

export interface FileView {
  url: string;
  kind: MediaEntry['kind'];
  stage: FileStageView;
  path?: string;
  checksum?: string;
  bytes?: number;
  total?: number | null;
  code?: string;
  message?: string;
}

export type JobStateView = 'waiting' | 'running' | 'done' | 'cancelled' | 'failed';

export interface JobCountsView {
  total: number;
  waiting: number;
  active: number;
  stored: number;
  uptodate: number;
  failed: number;
}

export interface JobHead {
  key: string;
  tabId?: number;
  pageUrl: string;
  title: string;
  target?: string;
  state: JobStateView;
  counts: JobCountsView;
  createdAt: number;
  finishedAt?: number;
  error?: { code: string; message: string };
}

export interface JobView {
  head: JobHead;
  files: FileView[];
}
