// Finds Debian's Chromium (installing it with apt-get when the tests run as root on a machine without
// it, as CI's fresh machines do) and launches it with the unpacked extension through playwright-core.
// Never `playwright install`: the browser comes from the distribution, not from the internet.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium', '/usr/bin/google-chrome'];

export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', env });
    const installed = CANDIDATES.find((candidate) => existsSync(candidate));
    if (install.status === 0 && installed) return installed;
  }
  throw new Error('Chromium is not installed and could not be installed: run `apt-get install -y chromium` as root, or set CHROMIUM_PATH.');
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Browser-level DevTools session (Extensions.triggerAction, Target.getTargets). */
  cdp: CDPSession;
  close(): Promise<void>;
}

export async function launchWithExtension(extensionDir: string): Promise<ExtensionBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'gleaner-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-default-apps',
      // Lets the DevTools protocol click the extension's toolbar button (Extensions.triggerAction).
      '--enable-unsafe-extension-debugging',
      // No internet: saved pages name hosts like forum.example; they fail at once instead of waiting on DNS.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker'));
  const browser = context.browser();
  if (!browser) throw new Error('playwright-core gave no browser for the persistent context');
  const cdp = await browser.newBrowserCDPSession();
  return {
    context,
    extensionId: new URL(worker.url()).host,
    worker,
    cdp,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Clicks the toolbar button on the tab showing `page`, as a user would: this grants activeTab for that
 * tab, which is all the extension needs to scan it. Returns the tab's id in the extensions API.
 */
export async function clickToolbarButton(browser: ExtensionBrowser, page: Page): Promise<number> {
  const { targetInfos } = (await browser.cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as unknown as {
    targetInfos: Array<{ targetId: string; url: string }>;
  };
  const tab = targetInfos.find((t) => t.url === page.url());
  if (!tab) throw new Error(`No tab target shows ${page.url()}`);
  await browser.cdp.send('Extensions.triggerAction' as never, { id: browser.extensionId, targetId: tab.targetId } as never);
  // activeTab makes the tab's URL visible to the extension, so it can be found by URL now.
  const ids = await browser.worker.evaluate(async (url) => {
    const api = (globalThis as unknown as { chrome: { tabs: { query(q: { url: string }): Promise<Array<{ id?: number }>> } } }).chrome;
    return (await api.tabs.query({ url })).map((t) => t.id);
  }, page.url());
  const id = ids[0];
  if (typeof id !== 'number') throw new Error(`The extension cannot see the tab of ${page.url()}`);
  return id;
}
