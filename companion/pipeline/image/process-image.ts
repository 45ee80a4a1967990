// The Images pipeline's image work, as Scrapy's ImagesPipeline.get_images/convert_image do it with
// Pillow (reference §6, rules 20–22; Gleaner follows the documented behaviour, not the 2.14+ rule-23
// regression): decode, exif_transpose, size filter on the rotated size, convert to RGB (white
// background for RGBA PNG/WEBP and palette images), keep an RGB JPEG that needs no rotation byte for
// byte, otherwise save as JPEG with Pillow's defaults; then each thumbnail from the converted image.
// Header reading decides Pillow's mode and refuses decompression bombs before any pixel is decoded.
import { GleanerError } from '../../../shared/errors.js';
import { throwIfAborted } from './abort.js';
import { bufferSource, fileSource, type ByteSource } from './byte-source.js';
import { convertToRgb, type ConversionPlan } from './convert-to-rgb.js';
import { decodePixels, readMetadata } from './decode-pixels.js';
import { encodeJpeg } from './encode-jpeg.js';
import { fillOutsideFirstFrame, restoreTransparentGrey } from './gif-fixups.js';
import { readSourceInfo, sniffFormat } from './identify-image.js';
import { makeThumbnail } from './make-thumbnail.js';
import type { RgbImage } from './pillow-reduce.js';
import type { SourceInfo } from './source-info.js';

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
  signal?: AbortSignal;
}

/** EXIF orientations that exif_transpose acts on; anything else leaves the image as it is. */
const TRANSPOSING_ORIENTATIONS = new Set([2, 3, 4, 5, 6, 7, 8]);

function conversionPlan(info: SourceInfo): ConversionPlan {
  const composite = ((info.format === 'PNG' || info.format === 'WEBP') && info.mode === 'RGBA') || info.mode === 'P';
  return { layout: info.layout, composite, clip16: info.mode === 'I' };
}

function checkPixelLimit(width: number, height: number, maxPixels: number): void {
  const pixels = width * height;
  if (pixels > maxPixels) {
    throw new GleanerError(
      'ERR_PROCESS_IMAGE_TOO_LARGE',
      `Image too large (${width}x${height} = ${pixels} pixels > ${maxPixels}), could be a decompression bomb`,
    );
  }
}

/**
 * Decode (oriented), apply the size filter, convert to RGB. A separate function so the decoded raw
 * buffer is unreachable once converted (conversion reuses it in place when it can).
 */
async function decodeToRgb(input: string | Buffer, info: SourceInfo, plan: ConversionPlan, options: ProcessImageOptions): Promise<RgbImage> {
  const raw = await decodePixels(input, info, options.maxPixels, options.signal);
  const { width, height } = raw;
  // Rule 20: the size filter sees the transposed size.
  if (width < options.minWidth || height < options.minHeight) {
    throw new GleanerError(
      'ERR_PROCESS_IMAGE_TOO_SMALL',
      `Image too small (${width}x${height} < ${options.minWidth}x${options.minHeight})`,
    );
  }
  if (info.gif && info.mode === 'L') restoreTransparentGrey(raw, info.gif);
  const rgb = convertToRgb(raw, plan);
  if (info.gif && info.mode === 'P') fillOutsideFirstFrame(rgb, width, height, info.gif);
  return { data: rgb, width, height };
}

export async function processImage(
  source: { file: string } | { buffer: Buffer },
  options: ProcessImageOptions,
): Promise<ProcessedImage> {
  const { signal } = options;
  throwIfAborted(signal);
  const input = 'file' in source ? source.file : source.buffer;
  // A missing or unreadable file is our fault, not the image's: let that error through uncoded.
  const bytes: ByteSource = 'file' in source ? await fileSource(source.file) : bufferSource(source.buffer);
  try {
    const format = sniffFormat(await bytes.read(0, 32));
    const metadata = await readMetadata(input);
    const info = await readSourceInfo(bytes, format, metadata);
    checkPixelLimit(info.width, info.height, options.maxPixels);
    throwIfAborted(signal);

    const plan = conversionPlan(info);
    const image = await decodeToRgb(input, info, plan, options);
    const { data: rgb, width, height } = image;
    // Compositing builds a new Pillow image (no info); every other path keeps info["comment"], which
    // Pillow writes into each JPEG it saves from it, thumbnails included.
    const comment = plan.composite ? undefined : info.comment;
    throwIfAborted(signal);

    const rotated = TRANSPOSING_ORIENTATIONS.has(metadata.orientation ?? 1);
    const passthrough = info.format === 'JPEG' && info.mode === 'RGB' && !rotated;
    const full = passthrough
      ? { data: await bytes.readAll(), width, height, passthrough: true }
      : { data: await encodeJpeg(rgb, width, height, comment, signal), width, height, passthrough: false };

    const thumbs: ProcessedImage['thumbs'] = [];
    for (const [name, [boxW, boxH]] of Object.entries(options.thumbs)) {
      throwIfAborted(signal);
      const thumb = await makeThumbnail(image, boxW, boxH, signal);
      throwIfAborted(signal);
      const data = await encodeJpeg(thumb.data, thumb.width, thumb.height, comment, signal);
      thumbs.push({ name, data, width: thumb.width, height: thumb.height });
    }
    return { full, thumbs };
  } finally {
    await bytes.close();
  }
}
