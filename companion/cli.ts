#!/usr/bin/env node
// The `gleaner` command. This file only wires: each sub-command lives in companion/commands/<name>.ts
// and exports a `register(program)` function.
import { Command } from 'commander';
import { VERSION } from './version.js';
import { register as registerRun } from './commands/run.js';

const program = new Command();
program
  .name('gleaner')
  .description('Collect media from web pages into your own storage (Scrapy-style Files and Images pipelines).')
  .version(VERSION)
  .showHelpAfterError();

registerRun(program);

await program.parseAsync(process.argv);
