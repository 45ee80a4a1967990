// `gleaner submit [ITEMS.jsonl | -] --target NAME`: sends items to the running companion and prints
// each item with its results in input order, exactly as `gleaner run` does (same summary line, same
// exit codes: 0, 2 when some input was invalid, 130 when cancelled, 1 on errors). Ctrl+C cancels the job.
import type { Command } from 'commander';
import type { JobOptions } from '../../shared/protocol/common.js';
import type { GleanerClient } from '../client/gleaner-client.js';
import { connectFromCli, reportFailure, type ConnectionFlags } from '../client/cli-connection.js';
import { outputFor, prepareInput } from '../client/submit-input.js';
import { parseThumbs } from '../config/cli-settings.js';
import { GleanerError } from '../../shared/errors.js';
import { openInput } from '../jobs/jsonl-input.js';
import { OrderedJsonLines } from '../jobs/ordered-output.js';
import { createProgressDisplay, summaryLine } from './progress-display.js';

interface SubmitFlags extends ConnectionFlags {
  target?: string;
  label?: string;
  files: boolean;
  images: boolean;
  thumbs?: string;
  minWidth?: string;
  minHeight?: string;
  expires?: string;
  redirects?: boolean;
  header: string[];
}

export function register(program: Command): void {
  program
    .command('submit')
    .description('send items (JSON Lines) to the running companion and print each item with its results, as gleaner run does')
    .argument('[items]', 'JSON Lines file, or - for standard input', '-')
    .option('-t, --target <name>', 'storage target configured in the companion (default: "default")')
    .option('--label <text>', 'label shown in job lists')
    .option('--no-files', 'turn the Files pipeline off for this job')
    .option('--no-images', 'turn the Images pipeline off for this job')
    .option('--thumbs <list>', 'IMAGES_THUMBS for this job, as name=WxH,…')
    .option('--min-width <px>', 'IMAGES_MIN_WIDTH for this job')
    .option('--min-height <px>', 'IMAGES_MIN_HEIGHT for this job')
    .option('--expires <days>', 'FILES_EXPIRES and IMAGES_EXPIRES for this job')
    .option('--no-redirects', 'MEDIA_ALLOW_REDIRECTS=false for this job')
    .option('-H, --header <"Name: value">', 'request header for every download of this job (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('--url <url>', 'WebSocket URL of the companion (default: GLEANER_URL, else ws://127.0.0.1:PORT)')
    .option('-p, --port <port>', 'port of the companion (default: companion.json "port", else 7465)')
    .option('--home <dir>', 'the companion\'s home folder (for the port and the admin token)')
    .option('--token <token>', 'client token (prefer the GLEANER_TOKEN environment variable: arguments are visible to other users)')
    .action(async (itemsFile: string, flags: SubmitFlags) => {
      process.exitCode = await submit(itemsFile, flags);
    });
}

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new GleanerError('ERR_JOB_INVALID_OPTIONS', `${name} takes a whole number, got ${JSON.stringify(value)}`);
  return n;
}

export function jobOptionsFromFlags(flags: SubmitFlags): JobOptions {
  const options: JobOptions = {};
  if (!flags.files || !flags.images) options.pipelines = { ...(flags.files ? {} : { files: false }), ...(flags.images ? {} : { images: false }) };
  if (flags.thumbs !== undefined) options.thumbs = parseThumbs(flags.thumbs);
  const minWidth = intOption('--min-width', flags.minWidth);
  const minHeight = intOption('--min-height', flags.minHeight);
  const expires = intOption('--expires', flags.expires);
  if (minWidth !== undefined) options.minWidth = minWidth;
  if (minHeight !== undefined) options.minHeight = minHeight;
  if (expires !== undefined) options.expiresDays = expires;
  if (flags.redirects === false) options.redirects = false;
  if (flags.header.length > 0) {
    options.headers = {};
    for (const header of flags.header) {
      const at = header.indexOf(':');
      if (at <= 0) throw new GleanerError('ERR_JOB_INVALID_OPTIONS', `--header takes "Name: value", got ${JSON.stringify(header)}`);
      options.headers[header.slice(0, at).trim()] = header.slice(at + 1).trim();
    }
  }
  return options;
}

async function submit(itemsFile: string, flags: SubmitFlags): Promise<number> {
  let client: GleanerClient | undefined;
  try {
    const options = jobOptionsFromFlags(flags);
    const prepared = await prepareInput(openInput(itemsFile));
    client = await connectFromCli(flags, 'gleaner submit');
    const job = await client.submit(prepared.items, {
      ...(flags.target !== undefined ? { target: flags.target } : {}),
      ...(flags.label !== undefined ? { label: flags.label } : {}),
      options,
    });
    const connected = client;
    const onSignal = (): void => void connected.cancel(job.id).catch(() => undefined);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const out = new OrderedJsonLines(process.stdout);
    const display = createProgressDisplay();
    try {
      for await (const event of job.events) {
        if (event.type === 'job.progress') for (const file of event.files) display.onProgress(file);
        else if (event.type === 'job.item') out.push(event.index, outputFor(prepared, event.index, event.item));
        else {
          display.stop();
          out.flush();
          process.stderr.write(`${summaryLine(event.summary)}\n`);
          if (event.error) process.stderr.write(`gleaner: ${event.error.code}: ${event.error.message}\n`);
          if (event.state === 'failed') return 1;
          if (event.state === 'cancelled') return 130;
          return event.summary.invalid > 0 || prepared.localErrors.size > 0 ? 2 : 0;
        }
      }
      return 1;
    } finally {
      display.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  } catch (error) {
    return reportFailure(error);
  } finally {
    await client?.close();
  }
}
