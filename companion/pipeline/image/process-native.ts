// The default path: the full image exactly as Pillow makes it (kept bytes, or Pillow-identical JPEG),
// thumbnails resampled by libvips (native-thumbnails.ts). No step keeps a full-size copy of the pixels
// in JavaScript unless the conversion itself has to run there:
//  - an RGB JPEG stored untouched is never decoded into a buffer: the size filter reads the header,
//    and the (full-scale) decode that makes the largest thumbnail is also the decodability check;
//  - a rotated RGB JPEG is decoded, oriented and re-encoded in one libvips pipeline, and its
//    thumbnails come from the file with JPEG shrink-on-load (the full decode has already checked it);
//  - everything else is decoded and converted as on the exact path, then resized natively.
import sharp from 'sharp';
import { asDecodeError, checkDecodable, decodeOptions } from './decode-pixels.js';
import { decodeToRgb, tooSmall } from './decode-to-rgb.js';
import { encodeJpeg, saveLikePillow } from './encode-jpeg.js';
import { allInOrder } from './in-order.js';
import { nativeThumbnails } from './native-thumbnails.js';
import type { ImageJob, ProcessedImage } from './process-image.js';

/**
 * Rule 20 on a size known from the header. Pillow (like the full decode we skip) would have failed on
 * an undecodable image before the size filter, so a rejected image is decoded once to say which.
 */
async function sizeFilter(job: ImageJob, width: number, height: number): Promise<void> {
  const rejected = tooSmall(width, height, job.options);
  if (!rejected) return;
  await checkDecodable(job.input, job.info, job.options.maxPixels, job.options.signal);
  throw rejected;
}

async function passThrough(job: ImageJob): Promise<ProcessedImage> {
  const { input, info, options, comment } = job;
  const { width, height } = info;
  await sizeFilter(job, width, height);
  const source = { kind: 'file', input, options: decodeOptions(info, options.maxPixels), width, height, fullScale: true } as const;
  const thumbnails = Object.keys(options.thumbs).length > 0
    ? nativeThumbnails({ source, thumbs: options.thumbs, comment, ...(options.signal ? { signal: options.signal } : {}) })
    : checkDecodable(input, info, options.maxPixels, options.signal).then(() => []);
  const [thumbs, data] = await Promise.all([thumbnails, job.bytes.readAll()]);
  return { full: { data, width, height, passthrough: true }, thumbs };
}

async function rotatedJpeg(job: ImageJob): Promise<ProcessedImage> {
  const { input, info, options, comment } = job;
  const { signal } = options;
  const swapped = job.orientation >= 5;
  const width = swapped ? info.height : info.width;
  const height = swapped ? info.width : info.height;
  await sizeFilter(job, width, height);
  const decode = decodeOptions(info, options.maxPixels);
  const full = asDecodeError(saveLikePillow(sharp(input, decode).toColourspace('srgb'), comment, signal));
  const source = { kind: 'file', input, options: decode, width, height, fullScale: false } as const;
  // The thumbnails decode the file again (shrink-on-load), so they need not wait for the full image;
  // if both fail, the full decode's error is the one reported (it is the one Pillow would meet).
  const thumbnails = nativeThumbnails({ source, thumbs: options.thumbs, comment, fullJpeg: full, ...(signal ? { signal } : {}) });
  const [data, thumbs] = await allInOrder([full, thumbnails]);
  return { full: { data, width, height, passthrough: false }, thumbs };
}

async function converted(job: ImageJob): Promise<ProcessedImage> {
  const { options, comment } = job;
  const { signal } = options;
  const image = await decodeToRgb(job.input, job.info, job.plan, options);
  const { width, height } = image;
  const full = encodeJpeg(image.data, width, height, comment, signal);
  const source = { kind: 'raw', ...image } as const;
  const thumbnails = nativeThumbnails({ source, thumbs: options.thumbs, comment, fullJpeg: full, ...(signal ? { signal } : {}) });
  const [data, thumbs] = await allInOrder([full, thumbnails]);
  return { full: { data, width, height, passthrough: false }, thumbs };
}

export function processNative(job: ImageJob): Promise<ProcessedImage> {
  if (job.info.format === 'JPEG' && job.info.mode === 'RGB') return job.passthrough ? passThrough(job) : rotatedJpeg(job);
  return converted(job);
}
