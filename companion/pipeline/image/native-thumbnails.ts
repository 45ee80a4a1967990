// Thumbnails with libvips (sharp's resize: Lanczos 3, run on the libuv/vips threads, not the event
// loop). The sizes are Pillow's (thumbnail-size.ts: its rounding, never upscaled); the pixels are close
// to Pillow's but not identical (IMAGES_THUMBS_EXACT selects the Pillow-exact JavaScript resampler).
//
// Every sharp call has a fixed cost (~0.5–1 ms: pipeline set-up, mask tables, thread hand-off) and
// decoding a file again costs a full entropy decode, so from a file we decode once into the largest
// thumbnail and resample the smaller ones from it when it is at least twice their size (the same idea
// as Pillow's reducing_gap), or when it is the full image itself. Equal sizes are encoded once.
import sharp, { type Sharp, type SharpOptions } from 'sharp';
import { throwIfAborted } from './abort.js';
import { asDecodeError, type SharpInput } from './decode-pixels.js';
import { rawRgb, saveLikePillow } from './encode-jpeg.js';
import { allInOrder } from './in-order.js';
import { thumbnailSize, type Size } from './thumbnail-size.js';

export type ThumbSource =
  /** The converted RGB image, in memory. */
  | { kind: 'raw'; data: Uint8Array; width: number; height: number }
  /**
   * An RGB JPEG read straight from its file; width/height are the oriented size. `fullScale` makes the
   * first decode a full-scale one (no shrink-on-load), so it also decides whether the file is
   * decodable exactly as the full decode would (see checkDecodable in decode-pixels.ts).
   */
  | { kind: 'file'; input: SharpInput; options: SharpOptions; width: number; height: number; fullScale: boolean };

export interface Thumbnail {
  name: string;
  data: Buffer;
  width: number;
  height: number;
}

export interface ThumbnailJob {
  source: ThumbSource;
  thumbs: Readonly<Record<string, readonly [number, number]>>;
  /** Written into every thumbnail as Pillow does (info["comment"]). */
  comment: Buffer | undefined;
  /**
   * The full image being saved as Pillow would save these pixels (same comment): a thumbnail of the
   * full size is exactly those bytes, so it is reused rather than encoded again.
   */
  fullJpeg?: Promise<Buffer>;
  signal?: AbortSignal;
}

const GAP = 2;
const key = (size: Size): string => `${size.width}x${size.height}`;

function resized(pipeline: Sharp, from: Size, to: Size): Sharp {
  if (from.width === to.width && from.height === to.height) return pipeline;
  return pipeline.resize(to.width, to.height, { fit: 'fill', kernel: 'lanczos3' });
}

function fromFile(source: Extract<ThumbSource, { kind: 'file' }>, size: Size, fullScale: boolean): Sharp {
  const pipeline = sharp(source.input, source.options);
  return resized(fullScale ? pipeline.pipelineColourspace('srgb') : pipeline, source, size);
}

/**
 * Encodes each distinct size once, largest first; returns the JPEGs by size. Encodes that do not
 * depend on each other run at once, so one image can keep both cores busy.
 */
async function encodeSizes(job: ThumbnailJob, sizes: Size[]): Promise<Map<string, Buffer>> {
  const { source, comment, signal } = job;
  const out = new Map<string, Buffer>();
  const save = async (size: Size, pipeline: () => Sharp): Promise<void> => {
    throwIfAborted(signal);
    if (job.fullJpeg && size.width === source.width && size.height === source.height) out.set(key(size), await job.fullJpeg);
    else out.set(key(size), await asDecodeError(saveLikePillow(pipeline(), comment, signal)));
  };
  if (source.kind === 'raw') {
    await allInOrder(sizes.map((size) => save(size, () => resized(rawRgb(source.data, source.width, source.height), source, size))));
    return out;
  }
  const [largest, ...rest] = sizes as [Size, ...Size[]];
  const isFull = largest.width === source.width && largest.height === source.height;
  const derived = rest.filter((s) => isFull || (largest.width >= GAP * s.width && largest.height >= GAP * s.height));
  if (derived.length === 0) {
    await save(largest, () => fromFile(source, largest, source.fullScale));
  } else {
    throwIfAborted(signal);
    const pixels = await asDecodeError(fromFile(source, largest, source.fullScale).raw().toBuffer());
    await allInOrder([
      save(largest, () => rawRgb(pixels, largest.width, largest.height)),
      ...derived.map((size) => save(size, () => resized(rawRgb(pixels, largest.width, largest.height), largest, size))),
    ]);
  }
  // The first decode has checked the file; the rest may shrink on load. (Sizes within 2x: rare.)
  await allInOrder(rest.filter((s) => !derived.includes(s)).map((size) => save(size, () => fromFile(source, size, false))));
  return out;
}

/** One thumbnail per IMAGES_THUMBS entry, in that order. */
export async function nativeThumbnails(job: ThumbnailJob): Promise<Thumbnail[]> {
  const { source } = job;
  const wanted = Object.entries(job.thumbs).map(([name, [boxW, boxH]]) => ({ name, ...thumbnailSize(source.width, source.height, boxW, boxH) }));
  if (wanted.length === 0) return [];
  const distinct = [...new Map(wanted.map((t) => [key(t), { width: t.width, height: t.height }])).values()];
  distinct.sort((a, b) => b.width * b.height - a.width * a.height);
  const jpegs = await encodeSizes(job, distinct);
  return wanted.map((t) => ({ name: t.name, data: jpegs.get(key(t)) as Buffer, width: t.width, height: t.height }));
}
