// Image.thumbnail((w, h), LANCZOS) as Scrapy calls it on the converted full image: compute the size
// (thumbnail-size.ts), then Image.resize with reducing_gap=2.0 — a box reduce by
// int(width / newWidth / 2) × int(height / newHeight / 2) when either factor exceeds 1, followed by
// Lanczos from the reduced image with the box scaled accordingly.
import { reduceRgb, type RgbImage } from './pillow-reduce.js';
import { resampleRgb } from './pillow-resample.js';
import { thumbnailSize } from './thumbnail-size.js';

const REDUCING_GAP = 2.0;

/**
 * One IMAGES_THUMBS entry: the image itself when it already fits the box (Pillow then saves it
 * unchanged, so the caller still re-encodes it), else a Pillow-exact Lanczos thumbnail.
 */
export async function makeThumbnail(image: RgbImage, boxW: number, boxH: number, signal?: AbortSignal): Promise<RgbImage> {
  const { width, height } = thumbnailSize(image.width, image.height, boxW, boxH);
  if (width === image.width && height === image.height) return image;
  return resizeLikePillow(image, width, height, signal);
}

/**
 * Image.resize((width, height), LANCZOS, reducing_gap=2.0) for a whole RGB image. The reduce factors
 * are int(size ratio / 2) per axis (or 1), so the Lanczos step always shrinks by less than ~4×.
 */
export async function resizeLikePillow(image: RgbImage, width: number, height: number, signal?: AbortSignal): Promise<RgbImage> {
  const factorX = Math.trunc(image.width / width / REDUCING_GAP) || 1;
  const factorY = Math.trunc(image.height / height / REDUCING_GAP) || 1;
  if (factorX === 1 && factorY === 1) return resampleRgb(image, width, height, [0, 0, image.width, image.height], signal);
  // _get_safe_box of the whole image is the whole image, so the reduce covers everything.
  const reduced = await reduceRgb(image, factorX, factorY, signal);
  const box = [0, 0, image.width / factorX, image.height / factorY] as const;
  return resampleRgb(reduced, width, height, box, signal);
}
