// The measured runs: what each one runs, on which part of the corpus, and how its output is checked.
// Every run gets a fresh temporary folder (store, item file, logs), so no run finds another's files
// and an "up to date" shortcut can never make a run look fast.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, CONCURRENCY, REPO_ROOT, THUMBS } from './config.js';
import type { Manifest } from './corpus.js';

export type Group = 'images' | 'files';
export type Tool = 'gleaner' | 'scrapy' | 'curl' | 'aria2c';

export interface RunContext {
  manifest: Manifest;
  /** The corpus server's base URL, ending in '/'. */
  base: string;
  /** This run's fresh folder. */
  work: string;
  store: string;
  /** Extra node flags for the Gleaner runs (--cpu-prof when profiling). */
  nodeFlags: string[];
}

export interface Verdict {
  ok: boolean;
  /** Files stored (or fetched) that the check counted, and how many were expected. */
  stored: number;
  expected: number;
  detail: string;
}

export interface RunSpec {
  id: string;
  tool: Tool;
  group: Group;
  /** Why the run cannot happen on this machine, or null. */
  unavailable(): string | null;
  /** Writes the run's inputs into ctx.work and returns the command. */
  prepare(ctx: RunContext): string[];
  verify(ctx: RunContext, stdoutFile: string): Verdict;
}

export const GLEANER_CLI = path.join(REPO_ROOT, 'dist/companion/cli.js');
const SCRAPY_SCRIPT = path.join(BENCH_DIR, 'scrapy_bench.py');
const DEBIAN_PYTHON = '/usr/bin/python3';
const THUMB_SPEC = Object.entries(THUMBS).map(([name, [w, h]]) => `${name}=${w}x${h}`).join(',');

function urlsOf(ctx: RunContext, group: Group): string[][] {
  const items = group === 'images' ? ctx.manifest.imageItems : ctx.manifest.fileItems;
  return items.map((paths) => paths.map((p) => new URL(p, ctx.base).href));
}

function filesUnder(dir: string): Array<{ path: string; bytes: number }> {
  if (!existsSync(dir)) return [];
  const out: Array<{ path: string; bytes: number }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Dot folders are a tool's scratch space (Gleaner stages downloads in .gleaner-staging).
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push({ path: full, bytes: statSync(full).size });
  }
  return out;
}

function expected(ctx: RunContext, group: Group): { count: number; bytes: number } {
  return group === 'images'
    ? { count: ctx.manifest.images.length, bytes: ctx.manifest.imageBytes }
    : { count: ctx.manifest.files.length, bytes: ctx.manifest.fileBytes };
}

/**
 * The Scrapy store layout both pipelines share: full/<sha1>.<ext> per file, and for images
 * thumbs/<name>/<sha1>.jpg per thumbnail. Files must also add up to the corpus's bytes (they are
 * stored as they came); images are re-encoded, so only the counts can be checked cheaply.
 */
function verifyStore(ctx: RunContext, group: Group, extra: string[] = []): Verdict {
  const want = expected(ctx, group);
  const full = filesUnder(path.join(ctx.store, 'full'));
  const problems: string[] = [];
  if (full.length !== want.count) problems.push(`full/ has ${full.length} of ${want.count}`);
  if (group === 'images') {
    for (const name of Object.keys(THUMBS)) {
      const thumbs = filesUnder(path.join(ctx.store, 'thumbs', name)).length;
      if (thumbs !== want.count) problems.push(`thumbs/${name}/ has ${thumbs} of ${want.count}`);
    }
  } else {
    const bytes = full.reduce((n, f) => n + f.bytes, 0);
    if (bytes !== want.bytes) problems.push(`stored ${bytes} bytes, expected ${want.bytes}`);
  }
  problems.push(...extra);
  return { ok: problems.length === 0, stored: full.length, expected: want.count, detail: problems.join('; ') };
}

/** Gleaner prints each item with `<results>` and `<results>_errors`: count the errors it reported. */
function gleanerErrors(ctx: RunContext, stdoutFile: string, group: Group): string[] {
  const field = `${group}_errors`;
  let errors = 0;
  let lines = 0;
  let sample = '';
  for (const line of readFileSync(stdoutFile, 'utf8').split('\n')) {
    if (!line) continue;
    lines++;
    const list = (JSON.parse(line) as Record<string, unknown>)[field];
    if (Array.isArray(list) && list.length > 0) {
      errors += list.length;
      sample ||= JSON.stringify(list[0]).slice(0, 200);
    }
  }
  const items = group === 'images' ? ctx.manifest.imageItems.length : ctx.manifest.fileItems.length;
  const out: string[] = [];
  if (lines !== items) out.push(`printed ${lines} of ${items} items`);
  if (errors > 0) out.push(`${errors} errors reported, e.g. ${sample}`);
  return out;
}

function gleanerRun(group: Group): RunSpec {
  return {
    id: `gleaner-${group}`,
    tool: 'gleaner',
    group,
    unavailable: () => (existsSync(GLEANER_CLI) ? null : `${path.relative(REPO_ROOT, GLEANER_CLI)} is missing (npm run build)`),
    prepare(ctx) {
      const field = group === 'images' ? 'image_urls' : 'file_urls';
      const items = urlsOf(ctx, group).map((urls) => JSON.stringify({ [field]: urls }));
      const itemsFile = path.join(ctx.work, 'items.jsonl');
      writeFileSync(itemsFile, `${items.join('\n')}\n`);
      // Default limits (16 at once, 8 per host): the same as Scrapy's run below.
      return group === 'images'
        ? [process.execPath, ...ctx.nodeFlags, GLEANER_CLI, 'run', itemsFile, '--images-store', ctx.store, '--thumbs', THUMB_SPEC]
        : [process.execPath, ...ctx.nodeFlags, GLEANER_CLI, 'run', itemsFile, '--files-store', ctx.store];
    },
    verify: (ctx, stdoutFile) => verifyStore(ctx, group, gleanerErrors(ctx, stdoutFile, group)),
  };
}

let scrapyChecked: string | null | undefined;
/** Debian's Scrapy (python3-scrapy), run by Debian's Python: null when `import scrapy` works. */
export function scrapyUnavailable(): string | null {
  if (scrapyChecked !== undefined) return scrapyChecked;
  if (!existsSync(DEBIAN_PYTHON)) return (scrapyChecked = `${DEBIAN_PYTHON} is missing`);
  try {
    execFileSync(DEBIAN_PYTHON, ['-c', 'import scrapy, PIL'], { stdio: 'ignore', timeout: 60_000 });
    scrapyChecked = null;
  } catch {
    scrapyChecked = `${DEBIAN_PYTHON} cannot import scrapy and PIL (apt-get install python3-scrapy python3-pil)`;
  }
  return scrapyChecked;
}

function scrapyRun(group: Group): RunSpec {
  return {
    id: `scrapy-${group}`,
    tool: 'scrapy',
    group,
    unavailable: scrapyUnavailable,
    prepare(ctx) {
      const listing = new URL(`lists/${group}.json`, ctx.base).href;
      return [DEBIAN_PYTHON, SCRAPY_SCRIPT, group, listing, ctx.store, path.join(ctx.work, 'scrapy-stats.json')];
    },
    verify(ctx) {
      const extra: string[] = [];
      try {
        const stats = JSON.parse(readFileSync(path.join(ctx.work, 'scrapy-stats.json'), 'utf8')) as Record<string, unknown>;
        const errors = Number(stats['log_count/ERROR'] ?? 0);
        if (errors > 0) extra.push(`Scrapy logged ${errors} errors`);
      } catch {
        extra.push('no Scrapy stats written');
      }
      return verifyStore(ctx, group, extra);
    },
  };
}

/** The download floor: plain parallel downloads to disk, no pipeline at all. */
function curlRun(group: Group): RunSpec {
  return {
    id: `curl-${group}`,
    tool: 'curl',
    group,
    unavailable: () => (existsSync('/usr/bin/curl') ? null : '/usr/bin/curl is missing'),
    prepare(ctx) {
      const config = urlsOf(ctx, group)
        .flat()
        .map((url, i) => `url = "${url}"\noutput = "${path.join(ctx.store, `${i}-${path.basename(new URL(url).pathname)}`)}"\n`)
        .join('');
      const configFile = path.join(ctx.work, 'curl.config');
      writeFileSync(configFile, config);
      return ['/usr/bin/curl', '--parallel', '--parallel-max', String(CONCURRENCY), '--silent', '--no-progress-meter', '--show-error', '--fail', '--config', configFile];
    },
    verify: (ctx) => verifyFlat(ctx, group),
  };
}

function aria2cRun(group: Group): RunSpec {
  return {
    id: `aria2c-${group}`,
    tool: 'aria2c',
    group,
    unavailable: () => (existsSync('/usr/bin/aria2c') ? null : '/usr/bin/aria2c is missing (apt-get install aria2)'),
    prepare(ctx) {
      const input = urlsOf(ctx, group)
        .flat()
        .map((url, i) => `${url}\n  out=${i}-${path.basename(new URL(url).pathname)}\n`)
        .join('');
      const inputFile = path.join(ctx.work, 'aria2c.input');
      writeFileSync(inputFile, input);
      // One connection per file (-x 1, as the other tools), no preallocation (the others don't), quiet.
      return [
        '/usr/bin/aria2c', '-j', String(CONCURRENCY), '-x', '1', '-i', inputFile, '-d', ctx.store,
        '--file-allocation=none', '--allow-overwrite=true', '--auto-file-renaming=false',
        '--summary-interval=0', '--console-log-level=warn', '--download-result=hide',
      ];
    },
    verify: (ctx) => verifyFlat(ctx, group),
  };
}

function verifyFlat(ctx: RunContext, group: Group): Verdict {
  const want = expected(ctx, group);
  const got = filesUnder(ctx.store);
  const bytes = got.reduce((n, f) => n + f.bytes, 0);
  const problems: string[] = [];
  if (got.length !== want.count) problems.push(`fetched ${got.length} of ${want.count} files`);
  if (bytes !== want.bytes) problems.push(`fetched ${bytes} bytes, expected ${want.bytes}`);
  return { ok: problems.length === 0, stored: got.length, expected: want.count, detail: problems.join('; ') };
}

/** In the order they run: each Gleaner run next to the runs it is compared with. */
export function allRuns(): RunSpec[] {
  return [gleanerRun('images'), scrapyRun('images'), gleanerRun('files'), scrapyRun('files'), curlRun('files'), aria2cRun('files')];
}
