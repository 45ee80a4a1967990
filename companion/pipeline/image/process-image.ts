// The Images pipeline's image work, as Scrapy's ImagesPipeline.get_images/convert_image do it with
// Pillow (reference §6, rules 20–22; Gleaner follows the documented behaviour, not the 2.14+ rule-23
// regression): decode, exif_transpose, size filter on the rotated size, convert to RGB (white
// background for RGBA PNG/WEBP and palette images), keep an RGB JPEG that needs no rotation byte for
// byte, otherwise save as JPEG with Pillow's defaults; then each thumbnail from the converted image.
// Header reading decides Pillow's mode and refuses decompression bombs before any pixel is decoded.
// The full image, checksum, sizes and errors are Pillow's on both paths; only thumbnail pixels differ
// between the native path (default) and the Pillow-exact one (IMAGES_THUMBS_EXACT).
import sharp, { type Metadata } from 'sharp';
import { GleanerError } from '../../../shared/errors.js';
import { throwIfAborted } from './abort.js';
import { bufferSource, fileSource, type ByteSource } from './byte-source.js';
import type { ConversionPlan } from './convert-to-rgb.js';
import { readMetadata } from './decode-pixels.js';
import { conversionPlan } from './decode-to-rgb.js';
import { readSourceInfo, sniffFormat } from './identify-image.js';
import { processExact } from './process-exact.js';
import { processNative } from './process-native.js';
import type { SourceInfo } from './source-info.js';

// libvips' operation cache keeps recent results (up to 50 MB) for when the same operation runs on the
// same input again; here every image is processed once, so the cache only holds memory.
sharp.cache(false);

export interface ImageOutput {
  data: Buffer;
  width: number;
  height: number;
}

export interface ProcessedImage {
  /** passthrough: the original bytes, stored untouched (an RGB JPEG that needed no rotation). */
  full: ImageOutput & { passthrough: boolean };
  /** In IMAGES_THUMBS order. */
  thumbs: Array<ImageOutput & { name: string }>;
}

export interface ProcessImageOptions {
  minWidth: number;
  minHeight: number;
  thumbs: Readonly<Record<string, readonly [number, number]>>;
  /** Images with more pixels are refused from their header (ERR_PROCESS_IMAGE_TOO_LARGE). */
  maxPixels: number;
  /** IMAGES_THUMBS_EXACT: thumbnails pixel-identical to Pillow's (JavaScript resampler, slower). */
  exactThumbnails?: boolean;
  signal?: AbortSignal;
}

/** What both paths need to know about one image, read from its header. */
export interface ImageJob {
  input: string | Buffer;
  bytes: ByteSource;
  info: SourceInfo;
  /** EXIF orientation; 1 when there is none. */
  orientation: number;
  plan: ConversionPlan;
  /** An RGB JPEG that needs no rotation: its bytes are stored untouched. */
  passthrough: boolean;
  /**
   * Compositing builds a new Pillow image (no info); every other path keeps info["comment"], which
   * Pillow writes into each JPEG it saves from it, thumbnails included.
   */
  comment: Buffer | undefined;
  options: ProcessImageOptions;
}

/** EXIF orientations that exif_transpose acts on; anything else leaves the image as it is. */
const TRANSPOSING_ORIENTATIONS = new Set([2, 3, 4, 5, 6, 7, 8]);

function checkPixelLimit(width: number, height: number, maxPixels: number): void {
  const pixels = width * height;
  if (pixels > maxPixels) {
    throw new GleanerError(
      'ERR_PROCESS_IMAGE_TOO_LARGE',
      `Image too large (${width}x${height} = ${pixels} pixels > ${maxPixels}), could be a decompression bomb`,
    );
  }
}

export async function processImage(
  source: { file: string } | { buffer: Buffer },
  options: ProcessImageOptions,
): Promise<ProcessedImage> {
  throwIfAborted(options.signal);
  // A missing or unreadable file is our fault, not the image's: let that error through uncoded.
  const bytes: ByteSource = 'file' in source ? await fileSource(source.file) : bufferSource(source.buffer);
  // The decoder reads from memory when the file was read whole, else from the file itself.
  const input = bytes.whole ?? ('file' in source ? source.file : source.buffer);
  try {
    const format = sniffFormat(await bytes.read(0, 32));
    // libvips' header reading (a sharp call) gives the EXIF orientation, and refuses headers the
    // decoder cannot read before our pixel limit is applied. A JPEG our header reader has read through
    // without finding EXIF has orientation 1, so it needs it only when it is too large.
    let metadata: Promise<Metadata> | undefined;
    const readOnce = () => (metadata ??= readMetadata(input));
    if (format !== 'JPEG') await readOnce();
    const info = await readSourceInfo(bytes, format, readOnce);
    if (info.mayHaveExif || info.width * info.height > options.maxPixels) await readOnce();
    checkPixelLimit(info.width, info.height, options.maxPixels);
    throwIfAborted(options.signal);

    const plan = conversionPlan(info);
    const exifOrientation = metadata ? (await metadata).orientation ?? 1 : 1;
    const orientation = TRANSPOSING_ORIENTATIONS.has(exifOrientation) ? exifOrientation : 1;
    const passthrough = info.format === 'JPEG' && info.mode === 'RGB' && orientation === 1;
    const comment = plan.composite ? undefined : info.comment;
    const job: ImageJob = { input, bytes, info, orientation, plan, passthrough, comment, options };
    return await (options.exactThumbnails ? processExact(job) : processNative(job));
  } finally {
    await bytes.close();
  }
}
