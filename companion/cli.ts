#!/usr/bin/env node
// The `gleaner` command. This file only wires: each sub-command lives in companion/commands/<name>.ts
// and exports a `register(program)` function.
import { Command } from 'commander';
import { VERSION } from './version.js';
import { register as registerRun } from './commands/run.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerPair } from './commands/pair.js';
import { register as registerToken } from './commands/token.js';
import { register as registerClients } from './commands/clients.js';
import { register as registerSubmit } from './commands/submit.js';
import { register as registerCollect } from './commands/collect.js';
import { register as registerPresets } from './commands/presets.js';

const program = new Command();
program
  .name('gleaner')
  .description('Collect media from web pages into your own storage (Scrapy-style Files and Images pipelines).')
  .version(VERSION)
  .showHelpAfterError();

registerRun(program);
registerServe(program);
registerPair(program);
registerToken(program);
registerClients(program);
registerSubmit(program);
registerCollect(program);
registerPresets(program);

await program.parseAsync(process.argv);
