// Live state from the background for a page: the connection status, and the latest job of a tab with
// every file, kept current by the background's port events (messaging.ts subscribe).
import { useEffect, useRef, useState } from 'preact/hooks';
import { request, subscribe, type UiEvent } from '../messaging.js';
import type { FileView, JobHead, StatusView } from '../view-types.js';

export interface LiveJob {
  head: JobHead;
  files: FileView[];
  /** Bumped on every change, since files is mutated in place (10,000 entries are not copied per event). */
  version: number;
}

export function useLive(tabId: number | undefined): { status: StatusView | undefined; job: LiveJob | undefined; watchJob: (key: string) => void } {
  const [status, setStatus] = useState<StatusView>();
  const [job, setJob] = useState<LiveJob>();
  const jobRef = useRef<LiveJob | undefined>(undefined);
  const watchedKey = useRef<string | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    void request('status.get', {}).then((s) => !cancelled && setStatus(s)).catch(() => undefined);
    if (tabId !== undefined) {
      void request('job.forTab', { tabId })
        .then((view) => {
          if (cancelled || !view) return;
          // Events may have arrived first for a newer job; keep the newest.
          if (jobRef.current && jobRef.current.head.createdAt > view.head.createdAt) return;
          watchedKey.current = view.head.key;
          jobRef.current = { head: view.head, files: view.files, version: 0 };
          setJob(jobRef.current);
        })
        .catch(() => undefined);
    }
    const stop = subscribe((event: UiEvent) => {
      if (event.type === 'status') {
        setStatus(event.status);
        return;
      }
      const belongs = event.head.key === watchedKey.current || (tabId !== undefined && event.head.tabId === tabId && (!jobRef.current || event.head.createdAt >= jobRef.current.head.createdAt));
      if (!belongs) return;
      let current = jobRef.current;
      if (!current || current.head.key !== event.head.key || event.replace) {
        current = { head: event.head, files: [], version: 0 };
        watchedKey.current = event.head.key;
      }
      for (const [index, file] of event.files) current.files[index] = file;
      jobRef.current = { head: event.head, files: current.files, version: current.version + 1 };
      setJob(jobRef.current);
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [tabId]);

  return { status, job, watchJob: (key) => (watchedKey.current = key) };
}
