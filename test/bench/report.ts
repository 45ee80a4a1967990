// The printed results: one table row per run, then the issue's targets as PASS / MISS / SKIP.
// Targets never fail the process: on a shared 2-core machine a miss may be noise, and the table
// (with its "other CPU" column) is what tells noise from a real regression.
import type { Manifest } from './corpus.js';
import type { Measurement } from './measure.js';
import type { Group, RunSpec, Verdict } from './runs.js';

export interface RunResult {
  spec: RunSpec;
  /** Why it did not run (tool missing), when it did not. */
  skipped?: string;
  measurement?: Measurement;
  verdict?: Verdict;
  /** CPU seconds used by the rest of the machine during the run (not the tool, not the corpus server). */
  otherCpuSeconds?: number | null;
  serverCpuSeconds?: number | null;
  /** The run itself failed: bad exit, time-out, or the wrong files stored. */
  failure?: string;
}

const MB = 1e6;

function corpusSize(m: Manifest, group: Group): { count: number; bytes: number } {
  return group === 'images' ? { count: m.images.length, bytes: m.imageBytes } : { count: m.files.length, bytes: m.fileBytes };
}

export function imagesPerSecond(r: RunResult, m: Manifest): number | null {
  return r.measurement && !r.failure ? corpusSize(m, r.spec.group).count / r.measurement.wallSeconds : null;
}

export function megabytesPerSecond(r: RunResult, m: Manifest): number | null {
  return r.measurement && !r.failure ? corpusSize(m, r.spec.group).bytes / MB / r.measurement.wallSeconds : null;
}

const fmt = (n: number | null | undefined, digits = 1): string => (n === null || n === undefined ? '-' : n.toFixed(digits));

export function formatTable(results: RunResult[], m: Manifest): string {
  const header = ['run', 'files', 'MB', 'wall s', 'images/s', 'MB/s', 'CPU s', 'peak RSS MB', 'other CPU s', 'stored'];
  const rows = results.map((r) => {
    const size = corpusSize(m, r.spec.group);
    if (r.skipped) return [r.spec.id, String(size.count), fmt(size.bytes / MB), 'skipped', '', '', '', '', '', ''];
    const x = r.measurement!;
    const ips = r.spec.group === 'images' ? fmt(imagesPerSecond(r, m)) : '';
    const stored = r.verdict ? `${r.verdict.stored}/${r.verdict.expected}${r.verdict.ok ? ' ok' : ' BAD'}` : '-';
    return [
      r.spec.id, String(size.count), fmt(size.bytes / MB), fmt(x.wallSeconds, 2), ips, fmt(megabytesPerSecond(r, m)),
      fmt(x.cpuSeconds), fmt(x.peakRssMB, 0), fmt(r.otherCpuSeconds), r.failure ? 'FAILED' : stored,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

interface Target {
  label: string;
  check(): { value: string; pass: boolean } | { skip: string };
  want: string;
}

export function formatTargets(results: RunResult[], m: Manifest): string {
  const byId = new Map(results.map((r) => [r.spec.id, r]));
  const get = (id: string): RunResult | undefined => byId.get(id);

  /** A ratio target: Gleaner's figure over the other tool's, both from runs that completed correctly. */
  const ratio = (ours: string, theirs: string, metric: (r: RunResult, m: Manifest) => number | null, min: number): Target['check'] =>
    () => {
      const a = get(ours);
      const b = get(theirs);
      if (!a || a.skipped) return { skip: `${ours} did not run${a?.skipped ? `: ${a.skipped}` : ''}` };
      if (a.failure) return { value: `${ours} failed`, pass: false };
      if (!b || b.skipped) return { skip: `${theirs} did not run${b?.skipped ? `: ${b.skipped}` : ''}` };
      if (b.failure) return { skip: `${theirs} failed, no comparison` };
      const r = metric(a, m)! / metric(b, m)!;
      return { value: `${r.toFixed(2)}x`, pass: r >= min };
    };
  const rss = (ours: string, maxMB: number): Target['check'] => () => {
    const a = get(ours);
    if (!a || a.skipped) return { skip: `${ours} did not run` };
    if (a.failure) return { value: `${ours} failed`, pass: false };
    const peak = a.measurement?.peakRssMB;
    if (peak === null || peak === undefined) return { skip: 'no peak RSS (neither python3 nor GNU time found)' };
    return { value: `${peak.toFixed(0)} MB`, pass: peak < maxMB };
  };

  const targets: Target[] = [
    { label: 'Images: Gleaner/Scrapy images/s', want: '>= 3x', check: ratio('gleaner-images', 'scrapy-images', imagesPerSecond, 3) },
    { label: 'Images: Gleaner peak RSS', want: '< 300 MB', check: rss('gleaner-images', 300) },
    { label: 'Files: Gleaner/Scrapy MB/s', want: '>= 3x', check: ratio('gleaner-files', 'scrapy-files', megabytesPerSecond, 3) },
    { label: 'Files: Gleaner/curl MB/s', want: '>= 0.7x', check: ratio('gleaner-files', 'curl-files', megabytesPerSecond, 0.7) },
    { label: 'Files: Gleaner peak RSS', want: '< 150 MB', check: rss('gleaner-files', 150) },
  ];
  const info: string[] = [];
  const aria = get('aria2c-files');
  const gf = get('gleaner-files');
  if (aria?.measurement && !aria.failure && gf?.measurement && !gf.failure) {
    info.push(`(for reference: Gleaner/aria2c MB/s ${(megabytesPerSecond(gf, m)! / megabytesPerSecond(aria, m)!).toFixed(2)}x)`);
  }
  const width = Math.max(...targets.map((t) => t.label.length));
  const lines = targets.map((t) => {
    const result = t.check();
    if ('skip' in result) return `${t.label.padEnd(width)}  ${'-'.padStart(9)}  target ${t.want.padEnd(8)}  SKIP (${result.skip})`;
    return `${t.label.padEnd(width)}  ${result.value.padStart(9)}  target ${t.want.padEnd(8)}  ${result.pass ? 'PASS' : 'MISS'}`;
  });
  return [...lines, ...info].join('\n');
}
