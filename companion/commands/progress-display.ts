// A progress bar on stderr while a job runs (only when stderr is a terminal), and the one-line summary
// printed at the end in every case.
import cliProgress from 'cli-progress';
import type { FileProgress, JobSummary } from '../jobs/run-job.js';

export interface ProgressDisplay {
  onProgress(event: FileProgress): void;
  stop(): void;
}

const FINAL_STAGES = new Set(['stored', 'uptodate', 'cached', 'failed']);

export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: 'files {bar} {value}/{total} | {mb} MB | {rate} files/s', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let total = 0;
  let done = 0;
  let bytes = 0;
  const started = Date.now();
  bar.start(0, 0, { mb: '0.0', rate: '0.0' });
  return {
    onProgress(event) {
      if (event.stage === 'queued') bar.setTotal(++total);
      if (event.stage === 'cached') bar.setTotal(++total);
      if (FINAL_STAGES.has(event.stage)) {
        done++;
        if (event.stage === 'stored') bytes += event.bytes ?? 0;
        const seconds = Math.max(0.001, (Date.now() - started) / 1000);
        bar.update(done, { mb: (bytes / 1e6).toFixed(1), rate: (done / seconds).toFixed(1) });
      }
    },
    stop: () => bar.stop(),
  };
}

export function summaryLine(summary: JobSummary): string {
  const f = summary.files;
  const invalid = summary.invalid ? `, ${summary.invalid} invalid lines` : '';
  const cancelled = summary.cancelled ? ' (cancelled)' : '';
  return (
    `gleaner: ${summary.items} items${invalid}; files: ${f.downloaded} downloaded, ${f.uptodate} uptodate, ` +
    `${f.cached} cached, ${f.failed} failed; ${(summary.bytes / 1e6).toFixed(1)} MB in ${summary.seconds.toFixed(1)} s${cancelled}`
  );
}
