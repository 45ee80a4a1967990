// Per-site cookie forwarding. Off by default. Turning it on for a site asks the browser for that site's
// host permission (and the cookies permission) right here, in the click; then the media URLs on that
// site, and only they, are fetched by the companion with their own cookies. Sensitive sites (banks,
// mail, government, …) are refused whatever the user types.
import { useState } from 'preact/hooks';
import { releaseCookiePermission, request, requestCookiePermission } from '../messaging.js';
import { isSensitiveHost, parseSite } from '../cookie-policy.js';
import type { SettingsView } from '../settings.js';

export function CookiesSection({ settings, onSettings }: { settings: SettingsView; onSettings: (s: SettingsView) => void }) {
  const [input, setInput] = useState('');
  const [message, setMessage] = useState<string>();

  const add = async (event: Event) => {
    event.preventDefault();
    setMessage(undefined);
    const site = parseSite(input);
    if (!site) return setMessage('Enter a site name such as example.com.');
    if (isSensitiveHost(site)) return setMessage(`${site} is on the built-in list of sensitive sites (banking, mail, identity, government): its cookies are never forwarded.`);
    // The permission request must be the first thing the click does: browsers drop it after an await.
    const granted = await requestCookiePermission(site);
    if (!granted) return setMessage(`The browser did not grant access to ${site}; forwarding stays off.`);
    onSettings(await request('settings.update', { cookieSites: [...settings.cookieSites, site] }));
    setInput('');
  };

  const remove = async (site: string) => {
    onSettings(await request('settings.update', { cookieSites: settings.cookieSites.filter((s) => s !== site) }));
    await releaseCookiePermission(site).catch(() => undefined);
  };

  return (
    <section>
      <h2>Cookie forwarding</h2>
      <p class="hint">
        Some sites serve media only to a logged-in browser. For the sites listed here, the companion receives the cookies of each
        media URL itself — never the page's other cookies, never another site's. Off for every site until you add it.
      </p>
      <ul class="sites" data-testid="cookie-sites">
        {settings.cookieSites.length === 0 && <li class="hint">No site.</li>}
        {settings.cookieSites.map((site) => (
          <li key={site}>
            {site}{' '}
            <button type="button" class="link" onClick={() => void remove(site)}>
              turn off
            </button>
          </li>
        ))}
      </ul>
      <form class="row" onSubmit={(e) => void add(e)}>
        <input value={input} placeholder="example.com" data-testid="cookie-site" onInput={(e) => setInput(e.currentTarget.value)} />
        <button type="submit">Turn on for this site</button>
      </form>
      {message && <p class="error" data-testid="cookie-message">{message}</p>}
    </section>
  );
}
