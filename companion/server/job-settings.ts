// The settings of one job: the daemon's layers (config file < environment < -s), then the target's
// layer, then the job's options — narrowest wins. Job options can only touch the handful of settings
// the protocol names (pipelines, thumbs, minimum size, expiry, redirects, headers); the stores always
// come from the target, so a client cannot point a job at a path.
import { GleanerError } from '../../shared/errors.js';
import type { JobOptions } from '../../shared/protocol/common.js';
import { resolveSettings, type Settings, type SettingsLayer } from '../config/settings.js';
import type { Target } from '../daemon/targets.js';

function invalid(message: string): GleanerError {
  return new GleanerError('ERR_JOB_INVALID_OPTIONS', message);
}

/** Maps protocol job options to a settings layer (headers are merged separately). */
export function jobOptionsLayer(options: JobOptions | undefined, target: Target): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  if (!options) return layer;
  const pipelines = options.pipelines ?? {};
  for (const [pipeline, setting, store] of [
    ['files', 'FILES_STORE', target.filesStore],
    ['images', 'IMAGES_STORE', target.imagesStore],
  ] as const) {
    const wanted = pipelines[pipeline];
    if (wanted === true && !store) throw invalid(`The target "${target.name}" has no ${setting}, so the ${pipeline} pipeline cannot run`);
    if (wanted === false) layer[setting] = '';
  }
  const filesOn = pipelines.files !== false && Boolean(target.filesStore);
  const imagesOn = pipelines.images !== false && Boolean(target.imagesStore);
  if (!filesOn && !imagesOn) throw invalid('Both pipelines are off: nothing would run');
  if (options.thumbs !== undefined) layer.IMAGES_THUMBS = options.thumbs;
  if (options.minWidth !== undefined) layer.IMAGES_MIN_WIDTH = options.minWidth;
  if (options.minHeight !== undefined) layer.IMAGES_MIN_HEIGHT = options.minHeight;
  if (options.expiresDays !== undefined) {
    layer.FILES_EXPIRES = options.expiresDays;
    layer.IMAGES_EXPIRES = options.expiresDays;
  }
  if (options.redirects !== undefined) layer.MEDIA_ALLOW_REDIRECTS = options.redirects;
  return layer;
}

/**
 * Resolves a job's settings. Job headers are added to the target's DEFAULT_REQUEST_HEADERS rather than
 * replacing them (an item's own `referer` / `media_headers` still win, in the pipeline).
 */
export function jobSettings(daemonLayers: readonly SettingsLayer[], target: Target, options?: JobOptions): Settings {
  const layer = jobOptionsLayer(options, target);
  try {
    const settings = resolveSettings(...daemonLayers, target.layer, layer);
    if (!options?.headers || Object.keys(options.headers).length === 0) return settings;
    const headers: Record<string, string> = { ...(settings.DEFAULT_REQUEST_HEADERS as Record<string, string> | undefined) };
    for (const [name, value] of Object.entries(options.headers)) headers[name.toLowerCase()] = value;
    return resolveSettings(...daemonLayers, target.layer, layer, { DEFAULT_REQUEST_HEADERS: headers });
  } catch (error) {
    if (error instanceof GleanerError && error.code === 'ERR_CONFIG_INVALID') throw invalid(error.message);
    throw error;
  }
}
