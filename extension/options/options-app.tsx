// The options page: companion and pairing, defaults, cookie forwarding.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../messaging.js';
import { useLive } from '../ui/use-live.js';
import type { SettingsView } from '../settings.js';
import { CompanionSection } from './companion-section.js';
import { CookiesSection } from './cookies-section.js';
import { DefaultsSection } from './defaults-section.js';

export function OptionsApp() {
  const [settings, setSettings] = useState<SettingsView>();
  const { status } = useLive(undefined);
  useEffect(() => {
    void request('settings.get', {}).then(setSettings);
  }, []);
  if (!settings) return <p>Loading…</p>;
  return (
    <main class="options">
      <h1>Gleaner</h1>
      <CompanionSection settings={settings} status={status} onSettings={setSettings} />
      <DefaultsSection settings={settings} status={status} onSettings={setSettings} />
      <CookiesSection settings={settings} onSettings={setSettings} />
    </main>
  );
}
