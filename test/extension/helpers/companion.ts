// The real companion daemon for the end-to-end test, in-process, on a temporary home and store. It can
// be stopped and started again on the same port and home (same client tokens), as a user restarting
// `gleaner serve` would, to test that the extension loses nothing while the companion is down.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startDaemon, type Daemon } from '../../../companion/daemon/daemon.js';

export interface CompanionHandle {
  home: string;
  store: string;
  port: number;
  daemon: Daemon | undefined;
  start(): Promise<Daemon>;
  stop(): Promise<void>;
  pairingCode(): string;
  dispose(): Promise<void>;
}

export async function companionForExtension(extensionId: string): Promise<CompanionHandle> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gleaner-e2e-'));
  const home = path.join(root, 'home');
  const store = path.join(root, 'store');
  await mkdir(path.join(home, 'config'), { recursive: true });
  // Only this extension's origin may connect: also proves the manifest's key pins the id.
  await writeFile(path.join(home, 'config', 'companion.json'), JSON.stringify({ extensionOrigins: [`chrome-extension://${extensionId}`] }));
  const handle: CompanionHandle = {
    home,
    store,
    port: 0,
    daemon: undefined,
    async start() {
      const daemon = await startDaemon({
        home,
        store,
        port: handle.port,
        hosts: ['127.0.0.1'],
        env: {},
        limits: { authBackoffBaseMs: 0, progressIntervalMs: 50, shutdownGraceMs: 500 },
      });
      handle.port = daemon.port;
      handle.daemon = daemon;
      return daemon;
    },
    async stop() {
      const daemon = handle.daemon;
      handle.daemon = undefined;
      await daemon?.close();
    },
    pairingCode() {
      if (!handle.daemon) throw new Error('The companion is not running');
      return handle.daemon.createPairingCode().code;
    },
    async dispose() {
      await handle.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
  return handle;
}
