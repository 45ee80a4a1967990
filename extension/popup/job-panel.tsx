// A job's progress: a summary line with a progress bar, retry and cancel, and every file with its stage,
// stored path or failure message (a virtualised list: a job can have 10,000 files).
import type { LiveJob } from '../ui/use-live.js';
import { useViewport, visibleRows } from '../ui/use-viewport.js';
import { formatBytes, shortUrl } from '../ui/format.js';
import type { FileView, JobHead } from '../view-types.js';

const ROW_HEIGHT = 46;

const STAGE_LABEL: Record<FileView['stage'], string> = {
  waiting: 'waiting',
  queued: 'queued',
  downloading: 'downloading',
  processing: 'processing',
  stored: 'stored',
  uptodate: 'up to date',
  cached: 'already stored',
  failed: 'failed',
};

export interface JobPanelProps {
  job: LiveJob;
  status: string | undefined;
  onRetry: (urls?: string[]) => void;
  onCancel: () => void;
}

export function JobPanel({ job, status, onRetry, onCancel }: JobPanelProps) {
  const { head } = job;
  const viewport = useViewport();
  const { start, end, totalHeight } = visibleRows(viewport, job.files.length, ROW_HEIGHT);
  const rows = [];
  for (let i = start; i < end; i++) {
    const file = job.files[i];
    if (file) rows.push(<FileRow key={file.url} file={file} top={i * ROW_HEIGHT} onRetry={() => onRetry([file.url])} />);
  }
  const open = head.state === 'running' || head.state === 'waiting';
  return (
    <section class="job" data-testid="job-panel" data-state={head.state}>
      <div class="job-head">
        <p data-testid="job-summary">{summaryText(head)}</p>
        {head.state === 'waiting' && status !== 'connected' && (
          <p class="hint" data-testid="job-waiting">
            Waiting for the companion: {head.counts.waiting} file{head.counts.waiting === 1 ? '' : 's'} will be sent as soon as it is reachable. Nothing is lost if you close this popup.
          </p>
        )}
        {head.error && <p class="error" data-testid="job-error">{head.error.message}</p>}
        <progress max={head.counts.total} value={head.counts.total - head.counts.waiting - head.counts.active} />
        <div class="actions">
          {head.counts.failed > 0 && !open && (
            <button type="button" data-testid="retry-failed" onClick={() => onRetry()}>
              Retry {head.counts.failed} failed
            </button>
          )}
          {open && (
            <button type="button" data-testid="cancel-job" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </div>
      <div class="list-scroll" ref={viewport.containerRef} data-testid="file-list">
        <div class="list-inner" style={{ height: `${totalHeight}px` }}>
          {rows}
        </div>
      </div>
    </section>
  );
}

export function summaryText(head: JobHead): string {
  const { counts } = head;
  const done = counts.stored + counts.uptodate;
  const parts = [`${done} of ${counts.total} stored`];
  if (counts.uptodate) parts.push(`${counts.uptodate} already up to date`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.active) parts.push(`${counts.active} in progress`);
  if (counts.waiting) parts.push(`${counts.waiting} waiting`);
  const state = { waiting: 'Waiting', running: 'Collecting', done: 'Done', cancelled: 'Cancelled', failed: 'Failed' }[head.state];
  return `${state}${head.target ? ` → ${head.target}` : ''}: ${parts.join(', ')}.`;
}

function FileRow({ file, top, onRetry }: { file: FileView; top: number; onRetry: () => void }) {
  const progress = file.stage === 'downloading' && file.bytes !== undefined ? ` ${formatBytes(file.bytes)}${file.total ? ` / ${formatBytes(file.total)}` : ''}` : '';
  return (
    <div class={`file-row stage-${file.stage}`} style={{ top: `${top}px` }} data-testid="file-row" data-url={file.url} data-stage={file.stage}>
      <span class="stage">{STAGE_LABEL[file.stage]}{progress}</span>
      <span class="file-main">
        <span class="file-url" title={file.url}>{shortUrl(file.url)}</span>
        {file.path && <span class="file-path" data-testid="file-path">{file.path}</span>}
        {file.stage === 'failed' && (
          <span class="file-error" data-testid="file-error" title={file.code}>
            {file.message}
          </span>
        )}
      </span>
      {file.stage === 'failed' && (
        <button type="button" class="link" onClick={onRetry} data-testid="retry-file">
          retry
        </button>
      )}
    </div>
  );
}
