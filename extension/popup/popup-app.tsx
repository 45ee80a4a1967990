// The popup: scans its tab (the active tab, or ?tab=<id> for tests and power users), shows what was
// found with filters and selection (a preset's items when one applies, with a switch to another preset
// or to the generic extraction), collects the selection into a storage target, and follows the tab's
// latest job. Everything it needs comes through messaging.ts.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MediaKind } from '../../shared/extract/types.js';
import { activeTabId, openOptionsPage, request } from '../messaging.js';
import { applyFilter, defaultFilter, type MediaFilter } from '../filters.js';
import { ConnectionBanner } from '../ui/connection-banner.js';
import { useLive } from '../ui/use-live.js';
import type { ScanView } from '../view-types.js';
import type { SettingsView } from '../settings.js';
import { FilterBar } from './filter-bar.js';
import { PresetBar } from './preset-bar.js';
import { JobPanel } from './job-panel.js';
import { MediaGrid } from './media-grid.js';

function tabFromQuery(): number | undefined {
  const value = new URLSearchParams(location.search).get('tab');
  const id = value === null ? NaN : Number(value);
  return Number.isInteger(id) && id >= 0 ? id : undefined;
}

export function PopupApp() {
  const [tabId, setTabId] = useState<number | undefined>(tabFromQuery());
  const [scan, setScan] = useState<ScanView>();
  const [scanError, setScanError] = useState<string>();
  const [filter, setFilter] = useState<MediaFilter>(defaultFilter());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [settings, setSettings] = useState<SettingsView>();
  // The target the user picked here; until then the preset's or the default one shows, and is not sent.
  const [chosenTarget, setChosenTarget] = useState<string>();
  const [scanning, setScanning] = useState(false);
  const [view, setView] = useState<'found' | 'job'>('found');
  const [collectError, setCollectError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const { status, job, watchJob } = useLive(tabId);

  useEffect(() => {
    if (tabId === undefined) void activeTabId().then(setTabId);
  }, []);

  useEffect(() => {
    void request('settings.get', {}).then((found) => {
      setFilter(defaultFilter(found.minWidth, found.minHeight));
      setSettings(found);
    });
  }, []);

  /** preset: absent for the automatic choice, an id to switch to it, null for the generic extraction. */
  const runScan = (id: number, preset?: string | null) => {
    setScanning(true);
    setScanError(undefined);
    request('scan', preset === undefined ? { tabId: id } : { tabId: id, preset })
      .then((result) => {
        setScan(result);
        setSelected(new Set(result.media.map((m) => m.url)));
      })
      .catch((error: Error) => setScanError(error.message))
      .finally(() => setScanning(false));
  };

  useEffect(() => {
    if (tabId !== undefined) runScan(tabId);
  }, [tabId]);

  // What the selector shows; the same order as jobFor in presets/preset-scan.ts (not imported: it would
  // bring the settings' validators, and zod with them, into the popup).
  const target = chosenTarget ?? scan?.preset?.job.target ?? settings?.target ?? '';

  // Reopening the popup on a tab whose job is still going shows that job first (once).
  const switched = useRef(false);
  useEffect(() => {
    if (!job || switched.current) return;
    switched.current = true;
    if (job.head.state === 'running' || job.head.state === 'waiting') setView('job');
  }, [job?.head.key]);

  const filtered = useMemo(() => (scan ? applyFilter(scan.media, filter) : []), [scan, filter]);
  const chosen = useMemo(() => filtered.filter((m) => selected.has(m.url)), [filtered, selected]);
  const countsByKind = useMemo(() => {
    const counts: Record<MediaKind, number> = { image: 0, video: 0, audio: 0, file: 0 };
    for (const m of scan?.media ?? []) counts[m.kind]++;
    return counts;
  }, [scan]);

  const toggle = (url: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(url)) next.delete(url);
      else next.add(url);
      return next;
    });
  const selectAll = () => setSelected((current) => new Set([...current, ...filtered.map((m) => m.url)]));
  const selectNone = () =>
    setSelected((current) => {
      const next = new Set(current);
      for (const m of filtered) next.delete(m.url);
      return next;
    });

  const collect = async () => {
    if (tabId === undefined || chosen.length === 0) return;
    setBusy(true);
    setCollectError(undefined);
    try {
      const urls = chosen.map((m) => m.url);
      const { jobKey } = await request('collect', chosenTarget === undefined ? { tabId, urls } : { tabId, urls, target: chosenTarget });
      watchJob(jobKey);
      setView('job');
    } catch (error) {
      setCollectError((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const targets = status?.targets ?? [];
  // A target named by the preset (or the defaults) that the companion did not list is still shown.
  const extraTarget = target && !targets.some((t) => t.name === target) ? target : undefined;
  return (
    <main class="popup">
      <header>
        <h1 title={scan?.pageUrl}>{scan?.title || 'Gleaner'}</h1>
        <nav>
          <button type="button" class={view === 'found' ? 'tab active' : 'tab'} data-testid="view-found" onClick={() => setView('found')}>
            Found ({scan?.media.length ?? '…'})
          </button>
          <button type="button" class={view === 'job' ? 'tab active' : 'tab'} data-testid="view-job" disabled={!job} onClick={() => setView('job')}>
            Progress
          </button>
          <button type="button" class="link" onClick={() => void openOptionsPage()}>
            Options
          </button>
        </nav>
      </header>
      <ConnectionBanner status={status} onOptions={() => void openOptionsPage()} />
      {view === 'found' && (
        <>
          {scan && <PresetBar scan={scan} busy={scanning} onSwitch={(preset) => tabId !== undefined && runScan(tabId, preset)} />}
          <FilterBar filter={filter} onChange={setFilter} countsByKind={countsByKind} />
          <div class="toolbar">
            <span data-testid="item-count">{chosen.length}</span>
            <span> selected of {filtered.length} shown</span>
            {scan?.truncated && <span class="hint"> (the page has more; the list stops at {scan.media.length})</span>}
            <button type="button" data-testid="select-all" onClick={selectAll}>
              All
            </button>
            <button type="button" data-testid="select-none" onClick={selectNone}>
              None
            </button>
            <select value={target} data-testid="target" onChange={(e) => setChosenTarget(e.currentTarget.value)} title="Storage target">
              <option value="">default target</option>
              {extraTarget && <option value={extraTarget}>{extraTarget}{scan?.preset?.job.target === extraTarget ? ' (preset)' : ''}</option>}
              {targets.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                  {t.default ? ' (default)' : ''}
                  {scan?.preset?.job.target === t.name ? ' (preset)' : ''}
                </option>
              ))}
            </select>
            <button type="button" class="primary" data-testid="collect" disabled={busy || chosen.length === 0} onClick={() => void collect()}>
              Collect
            </button>
          </div>
          {collectError && <p class="error" data-testid="collect-error">{collectError}</p>}
          {scanError && <p class="error" data-testid="scan-error">{scanError}</p>}
          {(!scan || scanning) && !scanError && <p class="hint" data-testid="scanning">Looking for media on the page…</p>}
          {scan && <MediaGrid media={filtered} selected={selected} onToggle={toggle} />}
          {scan && (
            <p class="footnote" data-testid="scan-stats" data-extract-ms={scan.extractMs}>
              {scan.media.length} found among {scan.elementCount} elements in {scan.extractMs} ms{scan.preset ? ` by the preset ${scan.preset.id}` : ''}
            </p>
          )}
        </>
      )}
      {view === 'job' && job && (
        <JobPanel
          job={job}
          status={status?.state}
          onRetry={(urls) => void request('job.retry', { jobKey: job.head.key, ...(urls ? { urls } : {}) })}
          onCancel={() => void request('job.cancel', { jobKey: job.head.key })}
        />
      )}
    </main>
  );
}
