// Decoding to Pillow's converted RGB image (rule 21) and the size filter on the transposed size
// (rule 20): the steps both the Pillow-exact path and the native path run for images that need their
// pixels converted in JavaScript.
import { GleanerError } from '../../../shared/errors.js';
import { convertToRgb, type ConversionPlan } from './convert-to-rgb.js';
import { decodePixels, type SharpInput } from './decode-pixels.js';
import { fillOutsideFirstFrame, restoreTransparentGrey } from './gif-fixups.js';
import type { RgbImage } from './pillow-reduce.js';
import type { SourceInfo } from './source-info.js';

export interface SizeLimits {
  minWidth: number;
  minHeight: number;
  maxPixels: number;
  signal?: AbortSignal;
}

export function conversionPlan(info: SourceInfo): ConversionPlan {
  const composite = ((info.format === 'PNG' || info.format === 'WEBP') && info.mode === 'RGBA') || info.mode === 'P';
  return { layout: info.layout, composite, clip16: info.mode === 'I' };
}

/** Rule 20 with Scrapy's exact message; equal passes. */
export function tooSmall(width: number, height: number, limits: SizeLimits): GleanerError | undefined {
  if (width >= limits.minWidth && height >= limits.minHeight) return undefined;
  return new GleanerError(
    'ERR_PROCESS_IMAGE_TOO_SMALL',
    `Image too small (${width}x${height} < ${limits.minWidth}x${limits.minHeight})`,
  );
}

/**
 * Decode (oriented), apply the size filter, convert to RGB. A separate function so the decoded raw
 * buffer is unreachable once converted (conversion reuses it in place when it can).
 */
export async function decodeToRgb(input: SharpInput, info: SourceInfo, plan: ConversionPlan, limits: SizeLimits): Promise<RgbImage> {
  const raw = await decodePixels(input, info, limits.maxPixels, limits.signal);
  const { width, height } = raw;
  const rejected = tooSmall(width, height, limits);
  if (rejected) throw rejected;
  if (info.gif && info.mode === 'L') restoreTransparentGrey(raw, info.gif);
  const rgb = convertToRgb(raw, plan);
  if (info.gif && info.mode === 'P') fillOutsideFirstFrame(rgb, width, height, info.gif);
  return { data: rgb, width, height };
}
