// Checks every target once at start, so a wrong setting or a missing credential is a clear error when
// the daemon starts rather than halfway through somebody's job: the settings must resolve, and each
// store must open. Configuration errors stop the daemon; an unreachable remote store only warns
// (it may come back; jobs on it will then report ERR_STORE_* per file).
import { GleanerError, toGleanerError } from '../../shared/errors.js';
import type { SettingsLayer } from '../config/settings.js';
import type { Logger } from '../log.js';
import { jobSettings } from '../server/job-settings.js';
import { createStore } from '../storage/select-store.js';
import { displayStoreUri, type Target } from './targets.js';

export async function checkTargets(targets: ReadonlyMap<string, Target>, daemonLayers: readonly SettingsLayer[], logger: Logger): Promise<void> {
  for (const target of targets.values()) {
    let settings;
    try {
      settings = jobSettings(daemonLayers, target);
    } catch (error) {
      const failure = toGleanerError(error, 'ERR_CONFIG_INVALID');
      throw new GleanerError('ERR_CONFIG_INVALID', `Target "${target.name}": ${failure.message}`);
    }
    for (const [pipeline, uri] of [['files', target.filesStore], ['images', target.imagesStore]] as const) {
      if (!uri) continue;
      try {
        const store = await createStore(uri, { pipeline, settings, logger });
        try {
          await store.open();
        } finally {
          await store.close();
        }
      } catch (error) {
        const failure = toGleanerError(error, 'ERR_STORE_UNAVAILABLE');
        const where = `Target "${target.name}" ${pipeline} store ${displayStoreUri(uri)}`;
        if (failure.code.startsWith('ERR_CONFIG_')) throw new GleanerError(failure.code, `${where}: ${failure.message}`);
        logger.warn({ target: target.name, pipeline, code: failure.code, err: failure.message }, `${where} cannot be opened now`);
      }
    }
  }
}
