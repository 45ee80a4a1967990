// What the background tells the popup and options pages: plain JSON shapes, safe to send through
// runtime messaging and to keep in extension storage.
import type { MediaEntry } from '../shared/extract/types.js';
import type { TargetInfo } from '../shared/protocol/index.js';

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

/** Result of scanning a tab with shared/extract in its content script. */
export interface ScanView {
  tabId: number;
  pageUrl: string;
  title: string;
  media: MediaEntry[];
  truncated: boolean;
  /** Time the extraction took in the page, in milliseconds (sizes probing excluded). */
  extractMs: number;
  elementCount: number;
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
