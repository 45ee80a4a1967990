// A preset's pipeline options as a daemon job's target and options (job.submit), so the extension can
// submit a page's items with what its preset asks for. The companion's CLI maps the same options onto
// a settings layer instead (companion/presets/preset-settings.ts).
import type { JobOptions } from '../protocol/common.js';
import type { Preset } from './preset-schema.js';

export function presetJobOptions(preset: Preset): { target?: string; options: JobOptions } {
  const pipeline = preset.pipeline ?? {};
  const options: JobOptions = {};
  if (pipeline.thumbs !== undefined) options.thumbs = pipeline.thumbs;
  if (pipeline.minWidth !== undefined) options.minWidth = pipeline.minWidth;
  if (pipeline.minHeight !== undefined) options.minHeight = pipeline.minHeight;
  if (pipeline.expires !== undefined) options.expiresDays = pipeline.expires;
  return pipeline.target === undefined ? { options } : { target: pipeline.target, options };
}
