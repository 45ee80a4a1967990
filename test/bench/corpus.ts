// The benchmark corpus: generated once per (version, scale) under .bench/corpus/ (gitignored) and
// reused, because painting ~1,000 images and writing ~1.2 GB takes a minute or two and must not be
// part of what is measured. It is built in a ".partial" folder and renamed when complete, so an
// interrupted generation is never mistaken for a finished corpus.
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import {
  CORPUS_VERSION, IMAGE_MIX, LARGE_FILES, SEED, SMALL_FILES, URLS_PER_ITEM, corpusDir, scaled, type ImageKind,
} from './config.js';
import { paintImage } from './images.js';
import { Rng, keystream } from './prng.js';

export interface CorpusFile {
  /** Path relative to the corpus folder, which is also the URL path on the corpus server. */
  path: string;
  bytes: number;
  kind: string;
}

export interface Manifest {
  version: number;
  scale: number;
  seed: number;
  images: CorpusFile[];
  /** The small and large files, in request order (large ones spread among the small ones). */
  files: CorpusFile[];
  /** Items as lists of relative paths: what both Gleaner and the Scrapy spider yield. */
  imageItems: string[][];
  fileItems: string[][];
  imageBytes: number;
  fileBytes: number;
}

const MANIFEST = 'manifest.json';
const SMALL_EXTENSIONS = ['pdf', 'zip', 'txt', 'csv', 'json', 'mp3', 'bin', 'docx'];

export async function ensureCorpus(scale: number, log: (line: string) => void): Promise<{ dir: string; manifest: Manifest }> {
  const dir = corpusDir(scale);
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    if (manifest.version === CORPUS_VERSION && manifest.scale === scale) {
      log(`corpus: cached at ${path.relative(process.cwd(), dir)}`);
      return { dir, manifest };
    }
  } catch {
    // Not generated yet (or unreadable): generate it below.
  }
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  const started = performance.now();
  log(`corpus: generating v${CORPUS_VERSION} at scale ${scale} in ${path.relative(process.cwd(), dir)} (once; cached after)`);
  const manifest = await generate(partial, scale, log);
  await writeFile(path.join(partial, MANIFEST), `${JSON.stringify(manifest)}\n`);
  await rename(partial, dir);
  log(`corpus: generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { dir, manifest };
}

async function generate(dir: string, scale: number, log: (line: string) => void): Promise<Manifest> {
  const root = new Rng(SEED);
  await mkdir(path.join(dir, 'images'), { recursive: true });
  await mkdir(path.join(dir, 'files/small'), { recursive: true });
  await mkdir(path.join(dir, 'files/large'), { recursive: true });
  await mkdir(path.join(dir, 'lists'), { recursive: true });

  // Images. Each gets its own forked generator, so its bytes depend only on (seed, kind, index).
  const jobs: Array<{ kind: ImageKind; index: number }> = [];
  for (const { kind, count } of IMAGE_MIX) {
    for (let index = 0; index < scaled(count, scale); index++) jobs.push({ kind, index });
  }
  const images: CorpusFile[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  // Two at a time: the machine has two cores and sharp parallelises within an image too.
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const slot = next++;
      const { kind, index } = jobs[slot]!;
      const label = `${kind}-${String(index).padStart(4, '0')}`;
      const painted = await paintImage(root.fork(label), SEED, kind, label);
      const rel = `images/${label}.${painted.ext}`;
      await writeFile(path.join(dir, rel), painted.data);
      images[slot] = { path: rel, bytes: painted.data.length, kind };
      if (++done % 100 === 0 || done === jobs.length) log(`corpus: ${done}/${jobs.length} images`);
    }
  };
  await Promise.all([worker(), worker()]);

  // Small files: incompressible bytes (a store must not get to cheat by compressing), 1-50 KB.
  const small: CorpusFile[] = [];
  const smallRng = root.fork('small');
  const smallBytes = keystream(SEED, 'small');
  for (let i = 0; i < scaled(SMALL_FILES.count, scale); i++) {
    const size = smallRng.int(SMALL_FILES.minBytes, SMALL_FILES.maxBytes);
    const rel = `files/small/doc-${String(i).padStart(5, '0')}.${smallRng.pick(SMALL_EXTENSIONS)}`;
    await writeFile(path.join(dir, rel), smallBytes(size));
    small.push({ path: rel, bytes: size, kind: 'small' });
  }
  log(`corpus: ${small.length} small files`);

  // Large files, streamed out in 1 MB pieces so generation never holds 50 MB in memory.
  const large: CorpusFile[] = [];
  for (let i = 0; i < scaled(LARGE_FILES.count, scale); i++) {
    const rel = `files/large/big-${String(i).padStart(2, '0')}.bin`;
    const bytes = keystream(SEED, `large-${i}`);
    const out = createWriteStream(path.join(dir, rel));
    for (let left = LARGE_FILES.bytes; left > 0; left -= 1_000_000) {
      if (!out.write(bytes(Math.min(left, 1_000_000)))) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    large.push({ path: rel, bytes: LARGE_FILES.bytes, kind: 'large' });
  }
  log(`corpus: ${large.length} large files`);

  // Request order: the large files spread evenly through the small ones, so a run is neither
  // "all tiny requests, then a bulk transfer" nor the reverse.
  const files: CorpusFile[] = [];
  const every = Math.max(1, Math.floor(small.length / (large.length + 1)));
  let li = 0;
  small.forEach((f, i) => {
    if (i > 0 && i % every === 0 && li < large.length) files.push(large[li++]!);
    files.push(f);
  });
  while (li < large.length) files.push(large[li++]!);

  const imageItems = chunk(root.fork('image-order').shuffle(images.map((f) => f.path)), URLS_PER_ITEM);
  const fileItems = chunk(files.map((f) => f.path), URLS_PER_ITEM);
  await writeFile(path.join(dir, 'lists/images.json'), JSON.stringify(imageItems));
  await writeFile(path.join(dir, 'lists/files.json'), JSON.stringify(fileItems));

  const sum = (list: CorpusFile[]): number => list.reduce((n, f) => n + f.bytes, 0);
  for (const f of [...images, ...files]) {
    // A cheap self-check that what the manifest says is what is on disk.
    if ((await stat(path.join(dir, f.path))).size !== f.bytes) throw new Error(`corpus: size mismatch for ${f.path}`);
  }
  return {
    version: CORPUS_VERSION, scale, seed: SEED, images, files, imageItems, fileItems,
    imageBytes: sum(images), fileBytes: sum(files),
  };
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A one-line description of the corpus for the report. */
export function describeCorpus(m: Manifest): string {
  const byKind = new Map<string, number>();
  for (const f of m.images) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([k, n]) => `${n} ${k}`).join(', ');
  const large = m.files.filter((f) => f.kind === 'large').length;
  return (
    `${m.images.length} images (${kinds}), ${(m.imageBytes / 1e6).toFixed(1)} MB; ` +
    `${m.files.length - large} small + ${large} large files, ${(m.fileBytes / 1e6).toFixed(1)} MB`
  );
}
