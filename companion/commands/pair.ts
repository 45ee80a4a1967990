// `gleaner pair`: asks the running daemon for a one-time pairing code and prints it. The daemon makes
// the code (it lives only in its memory); this command proves it is the local user by presenting the
// admin token from the 0600 file in the config dir.
import type { Command } from 'commander';
import { connectFromCli, reportFailure, type ConnectionFlags } from '../client/cli-connection.js';

export function register(program: Command): void {
  program
    .command('pair')
    .description('show a one-time code to pair the browser extension with the running companion')
    .option('--home <dir>', 'the companion\'s home folder (as given to gleaner serve)')
    .option('-p, --port <port>', 'port of the running companion')
    .option('--url <url>', 'WebSocket URL of the running companion (default ws://127.0.0.1:PORT)')
    .option('--json', 'print {"code", "expiresAt"} as JSON')
    .action(async (flags: ConnectionFlags & { json?: boolean }) => {
      process.exitCode = await pair(flags);
    });
}

async function pair(flags: ConnectionFlags & { json?: boolean }): Promise<number> {
  try {
    const client = await connectFromCli(flags, 'gleaner pair', true);
    try {
      const { code, expiresAt, ttlSeconds } = await client.createPairingCode();
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ code, expiresAt: new Date(expiresAt).toISOString() })}\n`);
      } else {
        process.stdout.write(`Pairing code: ${code}\nEnter it in the Gleaner extension's options within ${Math.round(ttlSeconds / 60)} minutes; it works once.\n`);
      }
      return 0;
    } finally {
      await client.close();
    }
  } catch (error) {
    return reportFailure(error);
  }
}
