// Filters over the found media: minimum width/height, kinds, URL include/exclude patterns.
import type { MediaKind } from '../../shared/extract/types.js';
import { ALL_KINDS, type MediaFilter } from '../filters.js';

export function FilterBar({ filter, onChange, countsByKind }: { filter: MediaFilter; onChange: (filter: MediaFilter) => void; countsByKind: Record<MediaKind, number> }) {
  const number = (value: string) => Math.max(0, Math.floor(Number(value) || 0));
  return (
    <div class="filters" data-testid="filters">
      <label>
        Min width <input type="number" min="0" step="50" value={filter.minWidth} data-testid="filter-min-width" onInput={(e) => onChange({ ...filter, minWidth: number(e.currentTarget.value) })} />
      </label>
      <label>
        Min height <input type="number" min="0" step="50" value={filter.minHeight} data-testid="filter-min-height" onInput={(e) => onChange({ ...filter, minHeight: number(e.currentTarget.value) })} />
      </label>
      {ALL_KINDS.map((kind) => (
        <label key={kind} class="kind">
          <input
            type="checkbox"
            checked={filter.kinds[kind]}
            data-testid={`filter-kind-${kind}`}
            onChange={(e) => onChange({ ...filter, kinds: { ...filter.kinds, [kind]: e.currentTarget.checked } })}
          />
          {kind} ({countsByKind[kind]})
        </label>
      ))}
      <input type="search" placeholder="URL contains (* or /regex/)" value={filter.include} data-testid="filter-include" onInput={(e) => onChange({ ...filter, include: e.currentTarget.value })} />
      <input type="search" placeholder="URL excludes" value={filter.exclude} data-testid="filter-exclude" onInput={(e) => onChange({ ...filter, exclude: e.currentTarget.value })} />
    </div>
  );
}
