// Scrapy's ImagesPipeline: decode, orient, check the minimum size, convert to RGB JPEG (or keep an RGB
// JPEG's bytes untouched), store full/<sha1>.jpg and then each thumbnail thumbs/<name>/<sha1>.jpg.
// The checksum is the MD5 of the stored full image, never of a thumbnail.
import { imagePath, thumbPath } from '../../shared/naming/media-path.js';
import type { Settings } from '../config/settings.js';
import type { PutBody } from '../storage/store.js';
import type { MediaKind } from './media-pipeline.js';
import { bufferBody, downloadedBody } from './put-body.js';

const JPEG = 'image/jpeg';
// Images up to this size are received into memory and decoded from there (no staging file to write,
// read back and remove); larger ones are staged on disk. Processing is limited to a few at a time
// (cpuWork), but downloads are not, so this bounds the memory of the images waiting their turn.
const IN_MEMORY_MAX = 8 * 1024 * 1024;

export function imagesKind(settings: Settings): MediaKind {
  return {
    name: 'images',
    urlsField: settings.IMAGES_URLS_FIELD,
    resultField: settings.IMAGES_RESULT_FIELD,
    expiresDays: settings.IMAGES_EXPIRES,
    storePath: imagePath,
    memoryUpTo: IN_MEMORY_MAX,
    async persist(download, requestUrl, store, ctx) {
      const { body } = download;
      // Loaded on first use: sharp (libvips) is a large native module a files-only job never needs.
      const { processImage } = await import('./image/process-image.js');
      const processed = await ctx.cpuWork.run(
        () =>
          processImage(
            body.data ? { buffer: body.data } : { file: body.file! },
            {
              minWidth: settings.IMAGES_MIN_WIDTH,
              minHeight: settings.IMAGES_MIN_HEIGHT,
              thumbs: settings.IMAGES_THUMBS,
              maxPixels: settings.IMAGES_MAX_PIXELS,
              exactThumbnails: settings.IMAGES_THUMBS_EXACT,
              ...(ctx.signal ? { signal: ctx.signal } : {}),
            },
          ),
        ctx.signal,
      );
      const { full } = processed;
      const fullBody: PutBody = full.passthrough ? downloadedBody(body) : bufferBody(full.data);
      const meta = (width: number, height: number) => ({ contentType: JPEG, meta: { width, height }, signal: ctx.signal });
      await store.put(imagePath(requestUrl), fullBody, meta(full.width, full.height));
      for (const thumb of processed.thumbs) {
        await store.put(thumbPath(requestUrl, thumb.name), bufferBody(thumb.data), meta(thumb.width, thumb.height));
      }
      return { checksum: fullBody.md5 };
    },
  };
}
