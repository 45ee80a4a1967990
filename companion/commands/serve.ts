// `gleaner serve`: the companion daemon on loopback, for the browser extension and scripts. Prints a
// banner (address, targets, a pairing code) on stdout, logs on stderr, stops gracefully on SIGINT or
// SIGTERM (a second signal stops at once).
import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { GleanerError } from '../../shared/errors.js';
import { DEFAULT_PORT } from '../../shared/protocol/version.js';
import { reportFailure } from '../client/cli-connection.js';
import { formatBanner } from '../daemon/banner.js';
import { startDaemon } from '../daemon/daemon.js';
import { parseSetPairs } from '../config/cli-settings.js';
import { createLogger, type LogLevel } from '../log.js';
import { VERSION } from '../version.js';

interface ServeFlags {
  port?: string;
  home?: string;
  store?: string;
  set: string[];
  logLevel: string;
  pairCode: boolean;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the companion daemon for the browser extension and scripts (WebSocket on 127.0.0.1 and ::1 only)')
    .option('-p, --port <port>', `TCP port (default: companion.json "port", else ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--home <dir>', 'folder for config, tokens and the default store (default: GLEANER_HOME, else the platform folders)')
    .option('--store <dir>', 'the "default" target stores in DIR/files and DIR/images')
    .option('-s, --set <NAME=VALUE>', 'a setting for every job, above companion.json and the environment (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('--log-level <level>', 'trace, debug, info, warn, error or silent', 'info')
    .option('--no-pair-code', 'do not show a pairing code in the banner')
    .action(async (flags: ServeFlags) => {
      process.exitCode = await serve(flags);
    });
}

async function serve(flags: ServeFlags): Promise<number> {
  const logger = createLogger({ level: flags.logLevel as LogLevel });
  let daemon;
  try {
    const port = flags.port !== undefined ? Number(flags.port) : undefined;
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new GleanerError('ERR_CONFIG_INVALID', `--port must be a port number, got ${flags.port}`);
    }
    daemon = await startDaemon({
      ...(flags.home !== undefined ? { home: flags.home } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(flags.store !== undefined ? { store: flags.store } : {}),
      settings: [parseSetPairs(flags.set)],
      logger,
    });
  } catch (error) {
    return reportFailure(error);
  }
  // Signal handlers go in before the banner: whoever reads the banner may stop us right away.
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        logger.warn({ signal }, 'Second signal: stopping now');
        process.exit(130);
      }
      stopping = true;
      logger.info({ signal }, 'Stopping');
      daemon.close().then(resolve, (error: unknown) => {
        logger.error({ err: (error as Error).message }, 'Shutdown failed');
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const configFound = await access(daemon.configFile).then(() => true, () => false);
  process.stdout.write(
    formatBanner({
      version: VERSION,
      urls: daemon.urls,
      configFile: daemon.configFile,
      configFound,
      targets: daemon.targets,
      pairing: flags.pairCode ? daemon.createPairingCode() : undefined,
    }),
  );
  await stopped;
  logger.flush?.();
  return 0;
}
