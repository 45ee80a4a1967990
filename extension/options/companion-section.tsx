// Companion address and pairing: shows whether the extension is connected and, when not, why; takes
// the one-time code `gleaner pair` prints.
import { useState } from 'preact/hooks';
import { request } from '../messaging.js';
import { ConnectionBanner } from '../ui/connection-banner.js';
import type { StatusView } from '../view-types.js';
import type { SettingsView } from '../settings.js';

export function CompanionSection({ settings, status, onSettings }: { settings: SettingsView; status: StatusView | undefined; onSettings: (s: SettingsView) => void }) {
  const [address, setAddress] = useState(settings.address);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);

  const pair = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await request('pair', { address, code });
      setCode('');
      setMessage({ text: result.state === 'connected' ? 'Paired.' : `Paired, but: ${result.message}`, error: result.state !== 'connected' });
      onSettings(await request('settings.get', {}));
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  const saveAddress = async () => {
    try {
      onSettings(await request('settings.update', { address }));
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };

  const unpair = async () => {
    await request('unpair', {});
    onSettings(await request('settings.get', {}));
  };

  return (
    <section>
      <h2>Companion</h2>
      <ConnectionBanner status={status} />
      <form class="row" onSubmit={pair}>
        <label>
          Address <input value={address} data-testid="address" onInput={(e) => setAddress(e.currentTarget.value)} onBlur={() => void saveAddress()} placeholder="127.0.0.1:7465" />
        </label>
        <label>
          Pairing code <input value={code} data-testid="pairing-code" autocomplete="off" onInput={(e) => setCode(e.currentTarget.value)} placeholder="from `gleaner pair`" />
        </label>
        <button type="submit" class="primary" data-testid="pair" disabled={busy || !code.trim()}>
          Pair
        </button>
        {settings.paired && (
          <button type="button" data-testid="unpair" onClick={() => void unpair()}>
            Forget pairing
          </button>
        )}
      </form>
      {message && (
        <p class={message.error ? 'error' : 'ok'} data-testid="pair-result" role="status">
          {message.text}
        </p>
      )}
      <p class="hint">
        Start the companion with <code>gleaner serve</code>, then run <code>gleaner pair</code> and type the code it shows here. The
        companion keeps only a hash of the token it gives this browser; <code>gleaner clients</code> lists and revokes them.
      </p>
    </section>
  );
}
