// What Node scripts import from 'gleaner': the job runner and what it needs.
export { runJob, type JobInput, type JobSummary, type RunJobOptions, type FileProgress, type FileStage } from './jobs/run-job.js';
export { resolveSettings, settingsFromEnv, type Settings, type SettingsLayer } from './config/settings.js';
export { createDownloader, type Downloader } from './pipeline/download/downloader.js';
export { readJsonLines, parseItemLine } from './jobs/jsonl-input.js';
export { GleanerError, ERROR_CATALOGUE, type ErrorCode } from '../shared/errors.js';
export type { Item, FileInfo, FileError } from '../shared/items.js';
export { GleanerClient } from './client/index.js';
