// `gleaner collect URL… [--preset ID|FILE] [--dry-run] [--render]`: fetches each page (or renders it
// in Chromium), extracts its items with the preset that applies — the same shared/presets code as the
// extension — and runs the pipelines on them as `gleaner run` does, printing JSON Lines in page order
// and, within a page, in item order. A page that cannot be loaded gets a {"url", "_error"} line in its
// place. Exit 0 when every page was read, 2 when some were not, 1 on a configuration or preset error.
import type { Command } from 'commander';
import { GleanerError } from '../../shared/errors.js';
import type { Item } from '../../shared/items.js';
import type { PresetEntry } from '../../shared/presets/index.js';
import { addSettingsOptions, settingsFromCli, type SettingsFlags } from '../config/cli-settings.js';
import type { Settings } from '../config/settings.js';
import { OrderedJsonLines } from '../jobs/ordered-output.js';
import { runJob, type JobSummary } from '../jobs/run-job.js';
import { createLogger, type Logger } from '../log.js';
import { createDownloader, type Downloader } from '../pipeline/download/downloader.js';
import { collectPage, failureRecord, pageSummary, type CollectedPage, type PageLoaders } from '../presets/collect-page.js';
import { PageFetcher } from '../presets/fetch-page.js';
import { loadPresets, resolvePresetArgument } from '../presets/load-presets.js';
import { settingsForPreset, type PresetSettings } from '../presets/preset-settings.js';
import { PageRenderer } from '../presets/render-page.js';
import { createProgressDisplay, summaryLine, type ProgressDisplay } from './progress-display.js';

export type CollectFlags = SettingsFlags & { preset?: string; dryRun?: boolean; render?: boolean; logLevel: string };

/** Pages whose pipelines may run while the next page is being fetched. */
const PAGE_JOBS_IN_FLIGHT = 2;

export function register(program: Command): void {
  addSettingsOptions(
    program
      .command('collect')
      .description('fetch pages, extract their items with the matching preset (or the generic extraction) and run the pipelines on them')
      .argument('<urls...>', 'page URLs (http or https)'),
  )
    .option('-p, --preset <id|file>', 'use this preset (an id, or a preset JSON file) for every page instead of choosing by URL')
    .option('-n, --dry-run', 'print the items as JSON Lines without downloading anything')
    .option('--render', "load pages in Chromium (for pages built by JavaScript) and play the preset's page actions")
    .option('--log-level <level>', 'trace, debug, info, warn, error or silent', 'warn')
    .action(async (urls: string[], flags: CollectFlags) => {
      process.exitCode = await collectCommand(urls, flags);
    });
}

export async function collectCommand(urls: string[], flags: CollectFlags): Promise<number> {
  const logger = createLogger({ level: flags.logLevel as 'warn' });
  let entries: PresetEntry[];
  let forced: PresetEntry | undefined;
  let base: Settings;
  try {
    entries = await loadPresets();
    forced = flags.preset === undefined ? undefined : await resolvePresetArgument(flags.preset, entries);
    base = settingsFromCli(flags).settings;
  } catch (error) {
    return configFailure(error);
  }
  const controller = new AbortController();
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    controller.abort(new GleanerError('ERR_JOB_CANCELLED', 'Interrupted'));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const loaders: PageLoaders = { fetcher: new PageFetcher(base), renderer: flags.render ? new PageRenderer(base) : undefined };
  const collect = (url: string) => collectPage(url, loaders, { entries, forced, signal: controller.signal });
  try {
    return flags.dryRun ? await dryRun(urls, collect) : await collectAndRun(urls, collect, flags, base, logger, controller);
  } catch (error) {
    if (interrupted) return 130;
    return configFailure(error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await loaders.fetcher.close();
    await loaders.renderer?.close();
  }
}

type Collect = (url: string) => ReturnType<typeof collectPage>;

async function dryRun(urls: string[], collect: Collect): Promise<number> {
  let failed = 0;
  for (const url of urls) {
    const page = await collect(url);
    process.stderr.write(`${pageSummary(page)}\n`);
    if (!page.ok) {
      failed++;
      process.stdout.write(`${JSON.stringify(failureRecord(page))}\n`);
      continue;
    }
    for (const note of page.notes) process.stderr.write(`gleaner:   ${note}\n`);
    for (const item of page.items) process.stdout.write(`${JSON.stringify(item)}\n`);
  }
  return failed > 0 ? 2 : 0;
}

async function collectAndRun(urls: string[], collect: Collect, flags: CollectFlags, base: Settings, logger: Logger, controller: AbortController): Promise<number> {
  const started = performance.now();
  const out = new OrderedJsonLines(process.stdout);
  const display = createProgressDisplay();
  const downloader = createDownloader(base);
  const settingsByPreset = new Map<string, Promise<PresetSettings>>();
  const total: JobSummary = { items: 0, invalid: 0, files: { downloaded: 0, uptodate: 0, cached: 0, failed: 0 }, bytes: 0, seconds: 0, cancelled: false };
  const jobs = new Set<Promise<void>>();
  let jobError: unknown;
  let next = 0;
  let failed = 0;
  try {
    for (const url of urls) {
      if (controller.signal.aborted) break;
      const page = await collect(url);
      process.stderr.write(`${pageSummary(page)}\n`);
      if (!page.ok) {
        failed++;
        out.push(next++, failureRecord(page));
        continue;
      }
      let resolved: PresetSettings;
      try {
        resolved = await presetSettings(settingsByPreset, flags, page);
      } catch (error) {
        // The preset's settings cannot be used (an unknown target, say): this page fails, not the run.
        if (!(error instanceof GleanerError)) throw error;
        failed++;
        out.push(next++, failureRecord({ ok: false, requested: url, error }));
        continue;
      }
      if (resolved.note) process.stderr.write(`gleaner: ${resolved.note}\n`);
      const first = next;
      next += page.items.length;
      const job = runPage(page, resolved.settings, first, { out, display, downloader, logger, signal: controller.signal })
        .then((summary) => addSummary(total, summary))
        .catch((error: unknown) => {
          jobError ??= error;
          controller.abort(error);
        });
      jobs.add(job);
      void job.finally(() => jobs.delete(job));
      if (jobs.size >= PAGE_JOBS_IN_FLIGHT) await Promise.race(jobs);
    }
    await Promise.all(jobs);
  } finally {
    display.stop();
    await downloader.close();
  }
  if (jobError !== undefined) throw jobError;
  total.seconds = (performance.now() - started) / 1000;
  total.cancelled = controller.signal.aborted;
  out.flush();
  process.stderr.write(`gleaner: ${urls.length} page${urls.length === 1 ? '' : 's'}${failed ? `, ${failed} not read` : ''}\n${summaryLine(total)}\n`);
  if (total.cancelled) return 130;
  return failed > 0 ? 2 : 0;
}

function presetSettings(cache: Map<string, Promise<PresetSettings>>, flags: CollectFlags, page: CollectedPage): Promise<PresetSettings> {
  const key = page.preset ? `${page.preset.origin}:${page.preset.preset.id}` : '';
  let found = cache.get(key);
  if (!found) cache.set(key, (found = settingsForPreset(flags, page.preset?.preset)));
  return found;
}

interface RunContext {
  out: OrderedJsonLines;
  display: ProgressDisplay;
  downloader: Downloader;
  logger: Logger;
  signal: AbortSignal;
}

function runPage(page: CollectedPage, settings: Settings, first: number, ctx: RunContext): Promise<JobSummary> {
  const items = page.items.map((item) => ({ item: withUrlFields(item, settings) }));
  return runJob(items, {
    settings,
    downloader: ctx.downloader,
    logger: ctx.logger,
    signal: ctx.signal,
    onProgress: ctx.display.onProgress,
    onItem: (index, output) => ctx.out.push(first + index, output),
  });
}

/** Items come with image_urls / file_urls; a run with other *_URLS_FIELD names gets them renamed. */
function withUrlFields(item: Item, settings: Settings): Item {
  const renamed: Item = {};
  for (const [key, value] of Object.entries(item)) {
    const name = key === 'image_urls' ? settings.IMAGES_URLS_FIELD : key === 'file_urls' ? settings.FILES_URLS_FIELD : key;
    renamed[name] = value;
  }
  return renamed;
}

function addSummary(total: JobSummary, summary: JobSummary): void {
  total.items += summary.items;
  total.invalid += summary.invalid;
  total.bytes += summary.bytes;
  for (const key of ['downloaded', 'uptodate', 'cached', 'failed'] as const) total.files[key] += summary.files[key];
}

function configFailure(error: unknown): number {
  if (error instanceof GleanerError) {
    process.stderr.write(`gleaner: ${error.code}: ${error.message}\n`);
    return 1;
  }
  throw error;
}
