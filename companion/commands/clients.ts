// `gleaner clients` lists who may talk to the companion (paired extensions, script tokens, the local
// admin); `gleaner clients revoke ID` removes one. A running daemon notices within a second and closes
// that client's connections.
import type { Command } from 'commander';
import { reportFailure } from '../client/cli-connection.js';
import { resolveDirs } from '../daemon/paths.js';
import { ClientRegistry } from '../server/auth/client-registry.js';

export function register(program: Command): void {
  const clients = program
    .command('clients')
    .description('list the clients allowed to use the companion (paired extensions, script tokens)')
    .option('--home <dir>', 'the companion\'s home folder')
    .option('--json', 'print JSON lines')
    .action(async (flags: { home?: string; json?: boolean }) => {
      try {
        const list = await new ClientRegistry(resolveDirs(flags.home)).list();
        if (flags.json) {
          for (const client of list) process.stdout.write(`${JSON.stringify(client)}\n`);
          return;
        }
        if (list.length === 0) process.stdout.write('No clients yet: pair the extension with `gleaner pair` or make a token with `gleaner token`.\n');
        for (const c of list) {
          process.stdout.write(`${c.id}  ${c.kind.padEnd(6)}  ${c.name}  created ${c.createdAt}  last seen ${c.lastSeenAt ?? 'never'}\n`);
        }
      } catch (error) {
        process.exitCode = reportFailure(error);
      }
    });
  clients
    .command('revoke')
    .description('revoke a client: its token stops working and its connections are closed')
    .argument('<id>', 'client id from `gleaner clients`')
    .option('--home <dir>', 'the companion\'s home folder')
    .action(async (id: string, flags: { home?: string }, command: Command) => {
      try {
        const home = flags.home ?? (command.parent?.opts() as { home?: string } | undefined)?.home;
        const removed = await new ClientRegistry(resolveDirs(home)).revoke(id);
        if (!removed) {
          process.stderr.write(`gleaner: no client with id ${id}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`Revoked ${removed.id} (${removed.name})\n`);
      } catch (error) {
        process.exitCode = reportFailure(error);
      }
    });
}
