// IMAGES_THUMBS_EXACT: the path that makes thumbnails pixel-identical to Pillow's. The whole image is
// decoded and converted in memory, the full image kept or saved from it, and every thumbnail resampled
// from it by the JavaScript port of Pillow's reduce + Lanczos (make-thumbnail.ts). Slower: the
// resampling runs on the event loop.
import { throwIfAborted } from './abort.js';
import { decodeToRgb } from './decode-to-rgb.js';
import { encodeJpeg } from './encode-jpeg.js';
import { makeThumbnail } from './make-thumbnail.js';
import type { ImageJob, ProcessedImage } from './process-image.js';

export async function processExact(job: ImageJob): Promise<ProcessedImage> {
  const { options, comment } = job;
  const { signal } = options;
  const image = await decodeToRgb(job.input, job.info, job.plan, options);
  const { data: rgb, width, height } = image;
  throwIfAborted(signal);

  const full = job.passthrough
    ? { data: await job.bytes.readAll(), width, height, passthrough: true }
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
}
