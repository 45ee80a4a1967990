// The background service worker (an event page's scripts on Firefox). Entry file: it only wires the
// parts together. Listeners are registered synchronously at the top level, as MV3 requires for a
// worker that is woken by an event.
import browser from 'webextension-polyfill';
import { isRequestEnvelope, UI_PORT_NAME } from '../messaging.js';
import { normaliseAddress } from '../settings.js';
import { showBadge } from './badge.js';
import { Collector } from './collector.js';
import { CompanionClient } from './companion-client.js';
import { createMenus, onCommand, onMenuClick } from './context-menus.js';
import { withCookies, type CookieApi } from './cookie-headers.js';
import { JobBook } from './job-book.js';
import { JobStore } from './job-store.js';
import { JobSync } from './job-sync.js';
import { pairWithCode, PairingError } from './pairing.js';
import { PresetStore } from './preset-store.js';
import { findEntry, previewEntry } from '../presets/entries.js';
import { checkedPreset } from '../presets/user-presets.js';
import { route, type Handlers } from './router.js';
import { ScanStore } from './scan-store.js';
import { SettingsStore } from './settings-store.js';
import { clearTabPreview, previewTab } from './tab-preview.js';
import { scanTab } from './tab-scanner.js';
import { UiPorts } from './ui-ports.js';

const WAKE_ALARM = 'gleaner-wake';
const report = (error: unknown) => console.warn('Gleaner:', error);

const settings = new SettingsStore();
const scans = new ScanStore();
const presets = new PresetStore(browser.storage.local);
const book: JobBook = new JobBook((record, changed) => {
  ui.jobChanged(record.key, changed);
  void showBadge(book.head(record));
  store.schedule(changed === 'all' || changed.length === 0);
  updateDemand();
});
const store = new JobStore(() => book.all());
const ui = new UiPorts(book, () => updateDemand());
const client = new CompanionClient({
  config: async () => ({ address: (await settings.get()).address, token: await settings.getToken() }),
  status: (status) => ui.status(status),
  welcome: (welcome) => void sync.onWelcome(welcome).catch(report),
  message: (message) => sync.onMessage(message),
  tokenRejected: () => void settings.setToken(undefined),
});
const sync = new JobSync({
  book,
  client,
  prepareItems: async (items) => withCookies(items, (await settings.get()).cookieSites, cookieApi()),
});
const collector = new Collector(book, sync, scans, () => settings.get(), () => presets.entries());

/** The cookies API exists only once the user granted the optional "cookies" permission. */
function cookieApi(): CookieApi | undefined {
  if (!browser.cookies) return undefined;
  return {
    hasPermission: (origins) => browser.permissions.contains({ permissions: ['cookies'], origins }),
    cookiesFor: (url) => browser.cookies.getAll({ url }),
  };
}

/** Connect while someone looks (a page is open) or something waits (unfinished jobs). */
function updateDemand(): void {
  const unfinished = book.hasUnfinished();
  client.setWanted(ui.size > 0 || unfinished);
  // An alarm wakes a stopped worker to retry while jobs wait for a companion that is down.
  if (unfinished) void browser.alarms.create(WAKE_ALARM, { periodInMinutes: 0.5 });
  else void browser.alarms.clear(WAKE_ALARM);
}

const ready = (async () => {
  book.load(await store.load());
  updateDemand();
})().catch(report);

const handlers: Handlers = {
  'status.get': async () => client.status,
  scan: async ({ tabId, preset }) => {
    const entries = await presets.entries();
    const choice = preset === undefined ? undefined : preset === null ? null : findEntry(entries, preset);
    const scan = await scanTab(tabId, { fileExtensions: (await settings.get()).fileExtensions, entries, ...(choice === undefined ? {} : { choice }) });
    // Kept for Collect; the popup need not wait for a few megabytes to reach session storage.
    void scans.put(scan).catch(report);
    return scan;
  },
  collect: async ({ tabId, urls, target }) => ({ jobKey: await collector.collectUrls(tabId, urls, target) }),
  'job.forTab': async ({ tabId }) => {
    const record = book.latestForTab(tabId);
    return record ? { head: book.head(record), files: record.files } : null;
  },
  'job.retry': async ({ jobKey, urls }) => {
    const retried = book.retry(jobKey, urls);
    void sync.flush();
    return { retried };
  },
  'job.cancel': async ({ jobKey }) => ({ cancelled: sync.cancel(jobKey) }),
  'presets.get': async () => presets.view(),
  'presets.save': async ({ preset, previousId }) => presets.save(preset, previousId),
  'presets.import': async ({ presets: list }) => presets.import(list),
  'presets.delete': async ({ id }) => presets.delete(id),
  preview: async ({ tabId, preset, origin }) => previewTab(tabId, previewEntry(checkedPreset(preset), origin)),
  'preview.clear': async ({ tabId }) => clearTabPreview(tabId),
  'settings.get': async () => settings.view(),
  'settings.update': async (patch) => {
    const before = await settings.get();
    const after = await settings.update(patch);
    if (after.address !== before.address) client.restart();
    return settings.view();
  },
  pair: async ({ address, code }) => {
    const normalised = normaliseAddress(address);
    if (!normalised) throw new PairingError('The companion address must be 127.0.0.1:PORT or [::1]:PORT.');
    const token = await pairWithCode(normalised, code);
    await settings.update({ address: normalised });
    await settings.setToken(token);
    return restartAndSettle();
  },
  unpair: async () => {
    await settings.setToken(undefined);
    client.restart();
    return client.status;
  },
};

/** Reconnects with the new token and waits (briefly) for the outcome, so the options page shows it. */
async function restartAndSettle(timeoutMs = 5000) {
  const version = client.statusVersion;
  client.setWanted(true);
  client.restart();
  const deadline = Date.now() + timeoutMs;
  const settled = () => client.statusVersion > version && client.status.state !== 'connecting';
  while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  updateDemand();
  return client.status;
}

browser.runtime.onMessage.addListener((message: unknown) => {
  if (!isRequestEnvelope(message)) return undefined;
  return ready.then(() => route(handlers, message.type, message.payload));
});

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== UI_PORT_NAME) return;
  void ready.then(() => {
    ui.add(port, client.status);
    client.poke();
  });
});

browser.runtime.onInstalled.addListener(() => void createMenus().catch(report));
browser.runtime.onStartup.addListener(() => void createMenus().catch(report));
browser.contextMenus.onClicked.addListener(onMenuClick(collector, report));
browser.commands.onCommand.addListener(onCommand(collector, report));
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === WAKE_ALARM) void ready.then(() => client.poke());
});
browser.tabs.onRemoved.addListener((tabId) => void scans.remove(tabId).catch(report));
