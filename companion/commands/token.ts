// `gleaner token`: issues a new long-lived token for a script, prints it once on stdout (so
// `export GLEANER_TOKEN=$(gleaner token --name backup)` works) and keeps only its hash. It edits
// clients.json directly, so it works whether or not the daemon is running; `gleaner clients revoke`
// takes it back.
import type { Command } from 'commander';
import { reportFailure } from '../client/cli-connection.js';
import { resolveDirs } from '../daemon/paths.js';
import { ClientRegistry } from '../server/auth/client-registry.js';

export function register(program: Command): void {
  program
    .command('token')
    .description('issue a new token for a script (printed once; use it as GLEANER_TOKEN)')
    .option('--name <name>', 'name shown in `gleaner clients`', 'script')
    .option('--home <dir>', 'the companion\'s home folder')
    .action(async (flags: { name: string; home?: string }) => {
      try {
        const registry = new ClientRegistry(resolveDirs(flags.home));
        const { client, token } = await registry.issue(flags.name.slice(0, 100), 'script');
        process.stderr.write(`gleaner: new token for "${client.name}" (id ${client.id}); revoke with \`gleaner clients revoke ${client.id}\`\n`);
        process.stdout.write(`${token}\n`);
      } catch (error) {
        process.exitCode = reportFailure(error);
      }
    });
}
