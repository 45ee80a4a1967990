// What the toolbar badge says for a job: progress while it runs, then ✓ or the number of failed files.
import type { JobHead } from '../view-types.js';

const COLORS = { running: '#1f6feb', waiting: '#6e7781', done: '#2da44e', failed: '#cf222e' } as const;

export function badgeFor(head: JobHead): { text: string; color: string } {
  const { counts } = head;
  const finished = counts.stored + counts.uptodate + counts.failed;
  if (head.state === 'waiting') return { text: '…', color: COLORS.waiting };
  if (head.state === 'running') {
    const percent = counts.total === 0 ? 0 : Math.floor((finished / counts.total) * 100);
    return { text: `${percent}%`, color: COLORS.running };
  }
  if (counts.failed > 0) return { text: counts.failed > 999 ? '999+' : String(counts.failed), color: COLORS.failed };
  return { text: '✓', color: COLORS.done };
}
