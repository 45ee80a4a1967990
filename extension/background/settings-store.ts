// Settings and the pairing token in storage.local. The token is kept under its own key and only the
// background reads it; pages get SettingsView, which says whether a token exists and nothing more.
import browser from 'webextension-polyfill';
import { sanitiseSettings, type GleanerSettings, type SettingsView } from '../settings.js';

const SETTINGS_KEY = 'settings';
const TOKEN_KEY = 'token';

export class SettingsStore {
  private settings: GleanerSettings | undefined;
  private token: string | undefined;
  private loaded: Promise<void> | undefined;

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const stored = await browser.storage.local.get([SETTINGS_KEY, TOKEN_KEY]);
      this.settings = sanitiseSettings(stored[SETTINGS_KEY]);
      this.token = typeof stored[TOKEN_KEY] === 'string' ? (stored[TOKEN_KEY] as string) : undefined;
    })();
    return this.loaded;
  }

  async get(): Promise<GleanerSettings> {
    await this.load();
    return this.settings!;
  }

  async view(): Promise<SettingsView> {
    await this.load();
    return { ...this.settings!, paired: this.token !== undefined };
  }

  async getToken(): Promise<string | undefined> {
    await this.load();
    return this.token;
  }

  async update(patch: Partial<GleanerSettings>): Promise<GleanerSettings> {
    await this.load();
    this.settings = sanitiseSettings({ ...this.settings, ...patch });
    await browser.storage.local.set({ [SETTINGS_KEY]: this.settings });
    return this.settings;
  }

  async setToken(token: string | undefined): Promise<void> {
    await this.load();
    this.token = token;
    if (token === undefined) await browser.storage.local.remove(TOKEN_KEY);
    else await browser.storage.local.set({ [TOKEN_KEY]: token });
  }
}
