// The one typed channel between the extension's pages (popup, options) and the background, which alone
// talks to the companion and to tabs. Requests go through runtime.sendMessage with a { ok, value |
// error } envelope, because an exception thrown in a listener reaches the sender as a bare string at
// best. Live updates (connection status, job progress) come through a long-lived port, so a page that
// is open receives them without polling and the background knows when nobody is watching.
import browser from 'webextension-polyfill';
import type { JobHead, FileView, JobView, PresetsView, PreviewView, ScanView, StatusView } from './view-types.js';
import type { GleanerSettings, SettingsView } from './settings.js';
import { originsFor } from './cookie-policy.js';

export interface RequestMap {
  'status.get': { req: Record<string, never>; res: StatusView };
  /**
   * Inject the content script into the tab (activeTab) and extract its media. `preset` absent: the
   * preset that applies, if any; an id: that preset whatever the page ("switch to"); null: the
   * generic extraction.
   */
  scan: { req: { tabId: number; preset?: string | null }; res: ScanView };
  /**
   * Submit the chosen media of a scanned tab. `target` only when the user picked one in the popup
   * ('' = the companion's default): it wins over the preset's and the default target (presets/preset-scan.ts).
   */
  collect: { req: { tabId: number; urls: string[]; target?: string }; res: { jobKey: string } };
  /** Built-in and user presets, and stored presets that could not be used. */
  'presets.get': { req: Record<string, never>; res: PresetsView };
  /** Save a preset from the editor; `previousId`: the id it had when the editor opened (absent: a new one). */
  'presets.save': { req: { preset: unknown; previousId?: string }; res: PresetsView };
  /** Add presets (already checked by the page); one with the id of a user preset replaces it. */
  'presets.import': { req: { presets: unknown[] }; res: PresetsView & { added: string[]; replaced: string[] } };
  'presets.delete': { req: { id: string }; res: PresetsView };
  /** Run a preset on a tab, outline what it matched there, and list its items and counts. */
  'preview': { req: { tabId: number; preset: unknown; origin: 'builtin' | 'user' }; res: PreviewView };
  /** Take the preview's outlines off the tab. */
  'preview.clear': { req: { tabId: number }; res: { cleared: number } };
  /** The latest job started from this tab, with every file. */
  'job.forTab': { req: { tabId: number }; res: JobView | null };
  /** Send failed files again (all failed files when urls is absent). */
  'job.retry': { req: { jobKey: string; urls?: string[] }; res: { retried: number } };
  'job.cancel': { req: { jobKey: string }; res: { cancelled: boolean } };
  'settings.get': { req: Record<string, never>; res: SettingsView };
  'settings.update': { req: Partial<GleanerSettings>; res: SettingsView };
  /** Present a pairing code (from `gleaner pair`) to the companion at address; stores the token it returns. */
  pair: { req: { address: string; code: string }; res: StatusView };
  /** Forget the token. */
  unpair: { req: Record<string, never>; res: StatusView };
}

export type RequestType = keyof RequestMap;
export type RequestOf<K extends RequestType> = RequestMap[K]['req'];
export type ResponseOf<K extends RequestType> = RequestMap[K]['res'];

export interface RequestEnvelope<K extends RequestType = RequestType> {
  gleaner: 'request';
  type: K;
  payload: RequestOf<K>;
}

export type ResponseEnvelope<T> = { ok: true; value: T } | { ok: false; error: { message: string; code?: string } };

/** Events the background pushes to every open page. */
export type UiEvent =
  | { type: 'status'; status: StatusView }
  | { type: 'job.update'; head: JobHead; files: Array<[index: number, file: FileView]>; replace: boolean };

export const UI_PORT_NAME = 'gleaner-ui';

export class RequestError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Sends one request to the background and returns its typed answer, or throws RequestError. */
export async function request<K extends RequestType>(type: K, payload: RequestOf<K>): Promise<ResponseOf<K>> {
  const envelope: RequestEnvelope<K> = { gleaner: 'request', type, payload };
  const response = (await browser.runtime.sendMessage(envelope)) as ResponseEnvelope<ResponseOf<K>> | undefined;
  if (!response) throw new RequestError('The extension background did not answer.');
  if (!response.ok) throw new RequestError(response.error.message, response.error.code);
  return response.value;
}

/** Follows the background's live events until the returned function is called. Reconnects if the port drops. */
export function subscribe(onEvent: (event: UiEvent) => void): () => void {
  let closed = false;
  let port: browser.Runtime.Port | undefined;
  const open = () => {
    port = browser.runtime.connect({ name: UI_PORT_NAME });
    port.onMessage.addListener((message: unknown) => onEvent(message as UiEvent));
    // The service worker can be stopped and restarted by the browser; follow it.
    port.onDisconnect.addListener(() => {
      if (!closed) setTimeout(open, 250);
    });
  };
  open();
  return () => {
    closed = true;
    port?.disconnect();
  };
}

/**
 * Asks the browser for the host permission (and the cookies permission) cookie forwarding for `site`
 * needs. Must run in a click handler of a page: browsers grant permissions only on a user gesture.
 */
export async function requestCookiePermission(site: string): Promise<boolean> {
  return browser.permissions.request({ permissions: ['cookies'], origins: originsFor(site) });
}

/** Gives the host permission back when forwarding is turned off again. */
export async function releaseCookiePermission(site: string): Promise<void> {
  await browser.permissions.remove({ origins: originsFor(site) });
}

/** The active tab of the current window, the popup's default target. */
export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** A tab the options page can preview a preset on. */
export interface PageTab {
  id: number;
  title: string;
  url: string;
}

/**
 * Tabs showing a web page the extension may read. Without the "tabs" permission a tab's URL is visible
 * only where the user granted access (clicked the toolbar button: activeTab), which are exactly the
 * tabs a preview can run on.
 */
export async function pageTabs(): Promise<PageTab[]> {
  const tabs = await browser.tabs.query({});
  return tabs.flatMap((tab) => (tab.id !== undefined && tab.url && /^https?:/.test(tab.url) ? [{ id: tab.id, title: tab.title ?? tab.url, url: tab.url }] : []));
}

export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}

/** Server side, used by the background only: answers requests with the given handlers. */
export function isRequestEnvelope(message: unknown): message is RequestEnvelope {
  return (
    !!message &&
    typeof message === 'object' &&
    (message as { gleaner?: unknown }).gleaner === 'request' &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}
