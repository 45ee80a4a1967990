// Scrapy's ImagesPipeline: decode, orient, check the minimum size, convert to RGB JPEG (or keep an RGB
// JPEG's bytes untouched), store full/<sha1>.jpg and then each thumbnail thumbs/<name>/<sha1>.jpg.
// The checksum is the MD5 of the stored full image, never of a thumbnail.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { imagePath, thumbPath } from '../../shared/naming/media-path.js';
import type { Settings } from '../config/settings.js';
import type { PutBody } from '../storage/store.js';
import type { MediaKind } from './media-pipeline.js';

const JPEG = 'image/jpeg';

function bufferBody(data: Buffer): PutBody {
  return { size: data.length, md5: createHash('md5').update(data).digest('hex'), open: () => Readable.from([data]) };
}

export function imagesKind(settings: Settings): MediaKind {
  return {
    name: 'images',
    urlsField: settings.IMAGES_URLS_FIELD,
    resultField: settings.IMAGES_RESULT_FIELD,
    expiresDays: settings.IMAGES_EXPIRES,
    storePath: imagePath,
    async persist(download, requestUrl, store, ctx) {
      // Loaded on first use: sharp (libvips) is a large native module a files-only job never needs.
      const { processImage } = await import('./image/process-image.js');
      const processed = await ctx.cpuWork.run(
        () =>
          processImage(
            { file: download.file },
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
      const fullBody: PutBody = full.passthrough
        ? { size: download.size, md5: download.md5, file: download.file, open: () => createReadStream(download.file) }
        : bufferBody(full.data);
      const meta = (width: number, height: number) => ({ contentType: JPEG, meta: { width, height }, signal: ctx.signal });
      await store.put(imagePath(requestUrl), fullBody, meta(full.width, full.height));
      for (const thumb of processed.thumbs) {
        await store.put(thumbPath(requestUrl, thumb.name), bufferBody(thumb.data), meta(thumb.width, thumb.height));
      }
      return { checksum: fullBody.md5 };
    },
  };
}
