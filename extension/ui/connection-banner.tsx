// The connection line: what is wrong and what to do, when the companion is not usable.
import type { StatusView } from '../view-types.js';

export function ConnectionBanner({ status, onOptions }: { status: StatusView | undefined; onOptions?: () => void }) {
  if (!status) return null;
  const ok = status.state === 'connected';
  return (
    <div class={`banner ${ok ? 'banner-ok' : 'banner-warn'}`} data-testid="connection-status" data-state={status.state} role="status">
      <span>{status.message}</span>
      {!ok && onOptions && (
        <button type="button" class="link" onClick={onOptions}>
          Options
        </button>
      )}
    </div>
  );
}
