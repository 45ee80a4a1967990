// The grid of found media, virtualised: rows of fixed-size cells, only those in view rendered. Each
// cell carries its media URL in data-url; clicking toggles its selection.
import type { MediaEntry } from '../../shared/extract/types.js';
import { useViewport, visibleRows } from '../ui/use-viewport.js';
import { fileName, sizeLabel } from '../ui/format.js';

const CELL_WIDTH = 124;
const ROW_HEIGHT = 148;

export interface MediaGridProps {
  media: MediaEntry[];
  selected: ReadonlySet<string>;
  onToggle: (url: string) => void;
}

export function MediaGrid({ media, selected, onToggle }: MediaGridProps) {
  const viewport = useViewport();
  const columns = Math.max(1, Math.floor((viewport.width || 760) / CELL_WIDTH));
  const rows = Math.ceil(media.length / columns);
  const { start, end, totalHeight } = visibleRows(viewport, rows, ROW_HEIGHT);
  const cells = [];
  for (let row = start; row < end; row++) {
    for (let col = 0; col < columns; col++) {
      const entry = media[row * columns + col];
      if (!entry) break;
      cells.push(
        <MediaCell key={entry.url} entry={entry} selected={selected.has(entry.url)} onToggle={onToggle} top={row * ROW_HEIGHT} left={col * CELL_WIDTH} />,
      );
    }
  }
  return (
    <div class="grid-scroll" ref={viewport.containerRef} data-testid="media-grid">
      <div class="grid-inner" style={{ height: `${totalHeight}px` }}>
        {cells}
      </div>
    </div>
  );
}

function MediaCell({ entry, selected, onToggle, top, left }: { entry: MediaEntry; selected: boolean; onToggle: (url: string) => void; top: number; left: number }) {
  const label = entry.alt ?? entry.title ?? fileName(entry.url);
  return (
    <button
      type="button"
      class={`cell ${selected ? 'cell-selected' : ''}`}
      style={{ top: `${top}px`, left: `${left}px` }}
      data-url={entry.url}
      data-testid="media-cell"
      data-kind={entry.kind}
      aria-pressed={selected}
      title={`${label}\n${entry.url}`}
      onClick={() => onToggle(entry.url)}
    >
      <span class="thumb">
        {entry.kind === 'image' ? (
          <img src={entry.url} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" />
        ) : (
          <span class={`icon icon-${entry.kind}`}>{extensionOf(entry.url) || entry.kind}</span>
        )}
      </span>
      <span class="cell-meta">
        <span class="cell-size">{sizeLabel(entry)}</span>
        <span class="cell-kind">{entry.kind}</span>
      </span>
      <span class="cell-check" aria-hidden="true">{selected ? '✓' : ''}</span>
    </button>
  );
}

function extensionOf(url: string): string {
  const name = fileName(url);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1, dot + 6).toUpperCase() : '';
}
