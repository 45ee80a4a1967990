// The options page: companion and pairing, defaults, cookie forwarding, presets. `?tab=<id>` names the
// tab the presets' preview runs on, as the popup's does.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../messaging.js';
import { useLive } from '../ui/use-live.js';
import type { SettingsView } from '../settings.js';
import { CompanionSection } from './companion-section.js';
import { CookiesSection } from './cookies-section.js';
import { DefaultsSection } from './defaults-section.js';
import { PresetsSection } from './presets-section.js';

function tabFromQuery(): number | undefined {
  const value = new URLSearchParams(location.search).get('tab');
  const id = value ? Number(value) : NaN;
  return Number.isInteger(id) && id >= 0 ? id : undefined;
}

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
      <PresetsSection initialTab={tabFromQuery()} />
    </main>
  );
}
