// `gleaner presets list | show ID | check [ID|FILE]`: what presets this machine has (built-in and the
// user's, <config>/presets/*.json), one preset's JSON to copy or share, and the presets' contracts run
// against their pages, each failure on its own line. `check` exits 1 when anything failed.
import type { Command } from 'commander';
import { GleanerError } from '../../shared/errors.js';
import { mergePresets, type PresetEntry } from '../../shared/presets/index.js';
import { settingsFromCli } from '../config/cli-settings.js';
import { PageFetcher } from '../presets/fetch-page.js';
import { builtinEntries, loadPresets, loadUserPresets, resolvePresetArgument, userPresetsDir } from '../presets/load-presets.js';
import { PageRenderer } from '../presets/render-page.js';
import { runContracts, type ContractReport } from '../presets/run-contracts.js';

export function register(program: Command): void {
  const presets = program.command('presets').description('list, show and check selector presets');
  presets
    .command('list')
    .description(`list built-in and user presets (user presets: ${userPresetsDir()})`)
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: { json?: boolean }) => {
      process.exitCode = await guard(() => listCommand(flags));
    });
  presets
    .command('show')
    .description("print a preset's JSON (to copy into the user folder and edit, or to share)")
    .argument('<id>', 'preset id')
    .action(async (id: string) => {
      process.exitCode = await guard(async () => {
        const entry = await resolvePresetArgument(id, await loadPresets());
        process.stdout.write(`${JSON.stringify(entry.preset, null, 2)}\n`);
        return 0;
      });
    });
  presets
    .command('check')
    .description("run the presets' contracts (all, one id, or a preset file) and report each failure")
    .argument('[preset]', 'preset id or preset JSON file (default: every preset)')
    .option('--render', 'load live contract pages in Chromium, with the preset\'s page actions')
    .action(async (preset: string | undefined, flags: { render?: boolean }) => {
      process.exitCode = await guard(() => checkCommand(preset, flags));
    });
}

async function guard(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof GleanerError)) throw error;
    process.stderr.write(`gleaner: ${error.code}: ${error.message}\n`);
    return 1;
  }
}

function originLabel(entry: PresetEntry): string {
  if (entry.origin === 'builtin') return 'built-in';
  return entry.overrides ? 'user (replaces built-in)' : 'user';
}

async function listCommand(flags: { json?: boolean }): Promise<number> {
  const user = await loadUserPresets();
  const entries = mergePresets(builtinEntries(), user.entries);
  if (flags.json) {
    const rows = entries.map((e) => ({
      id: e.preset.id,
      name: e.preset.name,
      origin: e.origin,
      overrides: e.overrides ?? false,
      ...(e.source ? { source: e.source } : {}),
      match: e.preset.match,
      contracts: e.preset.contracts?.length ?? 0,
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    const width = Math.max(...entries.map((e) => e.preset.id.length), 2);
    for (const e of entries) {
      process.stdout.write(`${e.preset.id.padEnd(width)}  ${originLabel(e).padEnd(24)}  ${e.preset.name}\n`);
      process.stdout.write(`${''.padEnd(width)}  ${''.padEnd(24)}  ${e.preset.match.join(' ')}${e.source ? `  (${e.source})` : ''}\n`);
    }
  }
  for (const problem of user.problems) process.stderr.write(`gleaner: ${problem.code}: ${problem.message}\n`);
  return user.problems.length > 0 ? 1 : 0;
}

async function checkCommand(argument: string | undefined, flags: { render?: boolean }): Promise<number> {
  const user = await loadUserPresets();
  const merged = mergePresets(builtinEntries(), user.entries);
  const entries = argument === undefined ? merged : [await resolvePresetArgument(argument, merged)];
  const problems = argument === undefined ? user.problems : [];
  const settings = settingsFromCli({}).settings;
  const fetcher = new PageFetcher(settings);
  let renderer: PageRenderer | undefined;
  const reports: ContractReport[] = [];
  try {
    for (const entry of entries) {
      if (!entry.preset.contracts) {
        process.stdout.write(`--    ${entry.preset.id} (${originLabel(entry)}): no contracts\n`);
        continue;
      }
      const loaders = { fetcher, renderer: () => (renderer ??= new PageRenderer(settings)), renderAll: flags.render === true };
      for (const report of await runContracts(entry, loaders)) {
        reports.push(report);
        printReport(report);
      }
    }
  } finally {
    await fetcher.close();
    await renderer?.close();
  }
  for (const problem of problems) process.stdout.write(`FAIL  ${problem.code}: ${problem.message}\n`);
  const failed = reports.filter((r) => !r.passed).length + problems.length;
  const total = reports.length + problems.length;
  if (failed === 0) {
    process.stderr.write(`gleaner: ${total} contract${total === 1 ? '' : 's'} passed\n`);
    return 0;
  }
  process.stderr.write(`gleaner: ERR_PRESET_CONTRACT: ${failed} of ${total} checks failed\n`);
  return 1;
}

function printReport(report: ContractReport): void {
  const head = `${report.entry.preset.id} (${originLabel(report.entry)}) contract ${report.index + 1}: ${report.url}`;
  if (report.passed) {
    process.stdout.write(`ok    ${head} — ${report.items} items, ${report.urls} URLs\n`);
    return;
  }
  process.stdout.write(`FAIL  ${head}\n`);
  for (const failure of report.failures) process.stdout.write(`        - ${failure}\n`);
}
