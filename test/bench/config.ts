// What the benchmark runs on: the corpus version and mix, the scale, and where things live.
// Bump CORPUS_VERSION whenever the generator or the mix changes, so a cached corpus from an older
// generator is never measured by mistake (the cache folder is keyed by version and scale).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_VERSION = 1;
export const SEED = 20240601;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_DIR = path.join(REPO_ROOT, 'test/bench');
export const CACHE_ROOT = path.join(REPO_ROOT, '.bench');

export type ImageKind = 'photo-jpeg' | 'png-alpha' | 'gif' | 'webp' | 'cmyk-jpeg' | 'exif-jpeg';

/**
 * The images at scale 1: about 1,000 images and ~140 MB, mostly photo JPEGs as on real sites, plus the
 * formats that take the Images pipeline's slower paths (alpha flattening, palette and WebP decoding,
 * CMYK conversion, EXIF rotation), since a pass-through-only corpus would flatter any pipeline.
 */
export const IMAGE_MIX: ReadonlyArray<{ kind: ImageKind; count: number }> = [
  { kind: 'photo-jpeg', count: 600 },
  { kind: 'png-alpha', count: 100 },
  { kind: 'gif', count: 80 },
  { kind: 'webp', count: 100 },
  { kind: 'cmyk-jpeg', count: 60 },
  { kind: 'exif-jpeg', count: 60 },
];

/** Plain files at scale 1: many small ones (per-request overhead) and a few large ones (throughput, memory). */
export const SMALL_FILES = { count: 2000, minBytes: 1_000, maxBytes: 50_000 };
export const LARGE_FILES = { count: 20, bytes: 50_000_000 };

/** Media URLs per item, as a page yields a handful of images or attachments. */
export const URLS_PER_ITEM = 4;

/** The thumbnails every Images run makes (the setting). */
export const THUMBS: Readonly<Record<string, [number, number]>> = { small: [50, 50], big: [270, 270] };

/** The downloader limits every tool gets (Gleaner's and Scrapy's defaults). */
export const CONCURRENCY = 16;
export const PER_HOST = 8;

/**
 * The scale multiplies the counts (never the file sizes, so the per-file work stays the same):
 * `BENCH_SCALE=0.1 npm run bench` or `npm run bench -- --scale 0.1` for a quick run.
 */
export function parseScale(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  let raw = env.BENCH_SCALE;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--scale') raw = argv[i + 1];
    else if (arg.startsWith('--scale=')) raw = arg.slice('--scale='.length);
  }
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) {
    throw new Error(`The scale must be a number in (0, 10], got ${JSON.stringify(raw)}`);
  }
  return scale;
}

export function scaled(count: number, scale: number): number {
  return Math.max(1, Math.round(count * scale));
}

export function corpusDir(scale: number): string {
  return path.join(CACHE_ROOT, 'corpus', `v${CORPUS_VERSION}-scale-${scale}`);
}
