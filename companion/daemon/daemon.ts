// Starts the companion daemon: reads companion.json, builds the targets, opens the client registry and
// the admin token, shares one downloader among all jobs, listens on loopback and wires sessions to the
// job registry, whose saved jobs (<data>/jobs) are restored first: unfinished ones resume. `close()` is
// the graceful shutdown used on SIGINT/SIGTERM and by tests.
import path from 'node:path';
import type { TargetInfo } from '../../shared/protocol/common.js';
import { DEFAULT_PORT } from '../../shared/protocol/version.js';
import { resolveSettings, settingsFromEnv, type SettingsLayer } from '../config/settings.js';
import { silentLogger, type Logger } from '../log.js';
import { createDownloader } from '../pipeline/download/downloader.js';
import { VERSION } from '../version.js';
import { ensureAdminToken } from '../server/auth/admin-token.js';
import { AuthThrottle } from '../server/auth/auth-throttle.js';
import { ClientRegistry } from '../server/auth/client-registry.js';
import { PairingCodes } from '../server/auth/pairing-codes.js';
import type { DaemonContext } from '../server/daemon-context.js';
import { JobRegistry, type RunJobFn } from '../server/job-registry.js';
import { resolveLimits, type Limits } from '../server/limits.js';
import { CLOSE, Session } from '../server/session.js';
import { startWsServer } from '../server/ws-server.js';
import { checkTargets } from './check-targets.js';
import { loadCompanionConfig } from './companion-config.js';
import { ensureConfigDir, resolveDirs, type GleanerDirs } from './paths.js';
import { buildTargets, targetInfo } from './targets.js';

export interface DaemonOptions {
  /** --home; else GLEANER_HOME; else the platform folders. */
  home?: string;
  dirs?: GleanerDirs;
  /** --port; else companion.json's port; else DEFAULT_PORT. 0 picks a free port (tests). */
  port?: number;
  /** Loopback addresses to listen on (default 127.0.0.1 and ::1). */
  hosts?: readonly string[];
  /** --store DIR: the default target stores in DIR/files and DIR/images. */
  store?: string;
  /** -s NAME=VALUE layers, above the environment. */
  settings?: readonly SettingsLayer[];
  env?: NodeJS.ProcessEnv;
  /** Overrides companion.json's limits (tests shrink them). */
  limits?: Partial<Limits>;
  logger?: Logger;
  /** The job runner; default: companion/jobs/run-job.ts, loaded when the first job starts. */
  runJob?: RunJobFn;
  /** Refresh period of clients.json (revocations by the CLI reach live sessions this fast). */
  clientsRefreshMs?: number;
}

export interface Daemon {
  readonly port: number;
  readonly urls: readonly string[];
  readonly dirs: GleanerDirs;
  readonly targets: readonly TargetInfo[];
  readonly limits: Limits;
  readonly configFile: string;
  readonly context: DaemonContext;
  /** A new one-time pairing code (the banner shows one). */
  createPairingCode(): { code: string; expiresAt: number; ttlSeconds: number };
  /** Graceful shutdown: stop accepting, let running files finish within the grace period, tell clients, close. */
  close(): Promise<void>;
}

const loadRunJob = async (): Promise<RunJobFn> => (await import('../jobs/run-job.js')).runJob;

export async function startDaemon(options: DaemonOptions = {}): Promise<Daemon> {
  const logger = options.logger ?? silentLogger;
  const dirs = options.dirs ?? resolveDirs(options.home);
  await ensureConfigDir(dirs);
  const config = await loadCompanionConfig(dirs);
  const limits = resolveLimits({ ...config.limits, ...options.limits });
  const targets = buildTargets(config, dirs, options.store);
  const daemonLayers: SettingsLayer[] = [config.settings, settingsFromEnv(options.env ?? process.env), ...(options.settings ?? [])];
  await checkTargets(targets, daemonLayers, logger);

  const clients = new ClientRegistry(dirs);
  await clients.refresh();
  await ensureAdminToken(clients);
  await clients.refresh();

  // One downloader for every job: the global and per-host limits are the daemon's, shared fairly.
  const downloader = createDownloader(resolveSettings(...daemonLayers));
  let runJob: RunJobFn | undefined = options.runJob;
  const jobs = new JobRegistry({
    limits,
    targets,
    daemonLayers,
    downloader,
    logger,
    runJob: async () => (runJob ??= await loadRunJob()),
    jobsDir: path.join(dirs.data, 'jobs'),
  });
  // Before listening, so a client that reconnects after a crash finds its jobs (job.get).
  const restored = await jobs.restore(clients.activeIds());
  if (restored.resumed > 0 || restored.finished > 0) logger.info(restored, 'Jobs restored');
  let shuttingDown = false;
  const context: DaemonContext = {
    limits,
    logger,
    clients,
    throttle: new AuthThrottle({ baseMs: limits.authBackoffBaseMs, maxMs: limits.authBackoffMaxMs }),
    pairing: new PairingCodes(limits.pairingTtlSeconds),
    jobs,
    targets: [...targets.values()].map(targetInfo),
    serverVersion: VERSION,
    isShuttingDown: () => shuttingDown,
  };

  const sessions = new Set<Session>();
  const server = await startWsServer({
    hosts: options.hosts,
    port: options.port ?? config.port ?? DEFAULT_PORT,
    limits,
    extensionOrigins: config.extensionOrigins,
    logger,
    onConnection(ws, _req, info) {
      const session = new Session(ws, info, context);
      sessions.add(session);
      ws.on('close', () => sessions.delete(session));
    },
  });

  // Revocations made by `gleaner clients revoke` land in clients.json; close those clients' sessions.
  const refresher = setInterval(() => {
    clients
      .refresh()
      .then((changed) => {
        if (!changed) return;
        const active = clients.activeIds();
        for (const session of sessions) if (session.client && !active.has(session.client.id)) session.revoked();
      })
      .catch((error: unknown) => logger.error({ err: (error as Error).message }, 'Cannot re-read clients.json'));
  }, options.clientsRefreshMs ?? 1000);
  refresher.unref();

  logger.info({ urls: server.urls, targets: context.targets.map((t) => t.name) }, 'Companion listening');

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    shuttingDown = true;
    clearInterval(refresher);
    logger.info({ running: jobs.counts.running, queued: jobs.counts.queued }, 'Shutting down');
    await server.stopListening();
    await jobs.shutdown(limits.shutdownGraceMs);
    const closed = [...sessions].map((session) => new Promise<void>((resolve) => {
      if (session.ws.readyState === session.ws.CLOSED) return resolve();
      session.ws.once('close', () => resolve());
      session.closeWith('ERR_PROTOCOL_SHUTTING_DOWN', CLOSE.goingAway);
    }));
    await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    for (const session of sessions) session.ws.terminate();
    server.wss.close();
    await downloader.close();
    logger.info('Companion stopped');
  };

  return {
    port: server.port,
    urls: server.urls,
    dirs,
    targets: context.targets,
    limits,
    configFile: config.file,
    context,
    createPairingCode: () => context.pairing.create(),
    close: () => (closing ??= close()),
  };
}
