#!/usr/bin/env node
// The `gleaner` command. This file only wires: each sub-command lives in companion/commands/<name>.ts
// and exports a `register(program)` function. Only the command being run is loaded (all of them for
// help), so `gleaner run` does not pay for the daemon, the browser or the DOM at start-up.
import { Command } from 'commander';
import { VERSION } from './version.js';
import { keepYoungGenerationSmall } from './young-generation.js';

// Before anything else runs, so the young generation has not grown yet (young-generation.ts).
keepYoungGenerationSmall();

type CommandModule = { register(program: Command): void };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  run: () => import('./commands/run.js'),
  serve: () => import('./commands/serve.js'),
  pair: () => import('./commands/pair.js'),
  token: () => import('./commands/token.js'),
  clients: () => import('./commands/clients.js'),
  submit: () => import('./commands/submit.js'),
  collect: () => import('./commands/collect.js'),
  presets: () => import('./commands/presets.js'),
};

const program = new Command();
program
  .name('gleaner')
  .description('Collect media from web pages into your own storage (Scrapy-style Files and Images pipelines).')
  .version(VERSION)
  .showHelpAfterError();

const args = process.argv.slice(2);
const invoked = args.find((arg) => !arg.startsWith('-'));
const versionOnly = invoked === undefined && (args.includes('-V') || args.includes('--version'));
const names = versionOnly ? [] : invoked !== undefined && Object.hasOwn(COMMANDS, invoked) ? [invoked] : Object.keys(COMMANDS);
for (const name of names) (await COMMANDS[name]!()).register(program);

await program.parseAsync(process.argv);
