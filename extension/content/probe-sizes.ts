// Sizes of images the markup did not describe (CSS backgrounds, og:image, links to images): loads each
// in an Image object in the page, where an image the page already shows comes from the memory cache at
// once. Bounded in concurrency and total time so a huge page never stalls the popup.
import type { MediaEntry } from '../../shared/extract/types.js';

export interface ProbeLimits {
  concurrency: number;
  deadlineMs: number;
  maxProbes: number;
}

export const DEFAULT_PROBE_LIMITS: ProbeLimits = { concurrency: 16, deadlineMs: 1500, maxProbes: 2000 };

export async function probeSizes(media: MediaEntry[], limits: ProbeLimits = DEFAULT_PROBE_LIMITS): Promise<number> {
  const todo = media.filter((m) => m.kind === 'image' && m.width === undefined).slice(0, limits.maxProbes);
  const deadline = Date.now() + limits.deadlineMs;
  let next = 0;
  let probed = 0;
  const worker = async () => {
    while (next < todo.length && Date.now() < deadline) {
      const entry = todo[next++]!;
      const size = await naturalSize(entry.url, deadline - Date.now());
      if (size) {
        entry.width = size.width;
        entry.height = size.height;
        probed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limits.concurrency, todo.length) }, worker));
  return probed;
}

function naturalSize(url: string, timeoutMs: number): Promise<{ width: number; height: number } | undefined> {
  return new Promise((resolve) => {
    if (timeoutMs <= 0) return resolve(undefined);
    const image = new Image();
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const done = (size: { width: number; height: number } | undefined) => {
      clearTimeout(timer);
      image.onload = image.onerror = null;
      resolve(size);
    };
    image.onload = () => done(image.naturalWidth > 0 ? { width: image.naturalWidth, height: image.naturalHeight } : undefined);
    image.onerror = () => done(undefined);
    image.decoding = 'async';
    image.src = url;
  });
}
