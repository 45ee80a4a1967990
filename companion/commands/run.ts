// `gleaner run [ITEMS.jsonl | -]`: items in (JSON Lines), one output line per input line out, in input
// order; progress and a summary on stderr. Exit 0 when every line was processed, 2 when some input was
// invalid, 1 on a configuration error.
import type { Command } from 'commander';
import { GleanerError } from '../../shared/errors.js';
import { addSettingsOptions, settingsFromCli, type SettingsFlags } from '../config/cli-settings.js';
import { createLogger } from '../log.js';
import { openJobDir } from '../jobs/job-dir.js';
import { openInput, readJsonLineRecords, readJsonLines } from '../jobs/jsonl-input.js';
import { OrderedJsonLines } from '../jobs/ordered-output.js';
import { runJob } from '../jobs/run-job.js';
import { createProgressDisplay, summaryLine } from './progress-display.js';

export function register(program: Command): void {
  addSettingsOptions(
    program
      .command('run')
      .description('run the media pipelines on items (JSON Lines with file_urls / image_urls) and print each item with its results')
      .argument('[items]', 'JSON Lines file, or - for standard input', '-'),
  )
    .option('--job-dir <dir>', 'journal finished items in DIR; running the same command again resumes where it stopped')
    .option('--log-level <level>', 'trace, debug, info, warn, error or silent', 'warn')
    .action(async (itemsFile: string, flags: RunFlags) => {
      process.exitCode = await runCommand(itemsFile, flags);
    });
}

type RunFlags = SettingsFlags & { logLevel: string; jobDir?: string };

export async function runCommand(itemsFile: string, flags: RunFlags): Promise<number> {
  const logger = createLogger({ level: flags.logLevel as 'warn' });
  let resolved;
  try {
    resolved = settingsFromCli(flags);
  } catch (error) {
    return configFailure(error);
  }
  const { settings, usedDefaultStore } = resolved;
  if (usedDefaultStore) process.stderr.write(`gleaner: no store given; storing under ${settings.FILES_STORE} and ${settings.IMAGES_STORE}\n`);
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new GleanerError('ERR_JOB_CANCELLED', 'Interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const out = new OrderedJsonLines(process.stdout);
  const display = createProgressDisplay();
  const jobDir = flags.jobDir ? await openJobDir(flags.jobDir, readJsonLineRecords(openInput(itemsFile)), (i, o) => out.push(i, o)) : undefined;
  try {
    const summary = await runJob(jobDir ? jobDir.inputs : readJsonLines(openInput(itemsFile)), {
      settings,
      logger,
      signal: controller.signal,
      onProgress: display.onProgress,
      onItem: (index, output) => out.push(jobDir ? jobDir.finished(index, output) : index, output),
    });
    out.flush();
    display.stop();
    if (jobDir?.replayed()) process.stderr.write(`gleaner: resumed: ${jobDir.replayed()} items were already done in ${flags.jobDir}\n`);
    process.stderr.write(`${summaryLine(summary)}\n`);
    if (summary.cancelled) return 130;
    return summary.invalid > 0 ? 2 : 0;
  } catch (error) {
    display.stop();
    return configFailure(error);
  } finally {
    await jobDir?.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function configFailure(error: unknown): number {
  if (error instanceof GleanerError) {
    process.stderr.write(`gleaner: ${error.code}: ${error.message}\n`);
    return 1;
  }
  throw error;
}
