// Pairing: present the one-time code from `gleaner pair` on a separate, short-lived connection; the
// companion answers with a long-lived token, shown this once, which the caller stores.
import { PROTOCOL_VERSION, parseServerMessage } from '../../shared/protocol/index.js';
import { websocketUrl } from '../settings.js';
import { CLIENT_NAME } from './companion-client.js';
import { describeAuthError } from './status-messages.js';

export class PairingError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'PairingError';
  }
}

export function pairWithCode(address: string, code: string, WebSocketImpl: typeof WebSocket = WebSocket, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, token?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(token!);
    };
    const socket = new WebSocketImpl(websocketUrl(address));
    const timer = setTimeout(() => finish(new PairingError(`The companion at ${address} did not answer in time.`)), timeoutMs);
    socket.onopen = () =>
      socket.send(JSON.stringify({ type: 'hello', id: 'pair', version: PROTOCOL_VERSION, client: CLIENT_NAME, code: code.trim() }));
    socket.onmessage = (event) => {
      const parsed = parseServerMessage(String(event.data));
      if (!parsed.ok) return;
      const message = parsed.message;
      if (message.type === 'welcome') {
        if (message.token) finish(undefined, message.token);
        else finish(new PairingError('The companion accepted the code but sent no token.'));
      } else if (message.type === 'error') {
        finish(new PairingError(describeAuthError(message.code, message.message, address).status.message, message.code));
      }
    };
    socket.onerror = () => {
      // onclose follows with the handling.
    };
    socket.onclose = () =>
      finish(new PairingError(`No companion answers at ${address}. Start it with \`gleaner serve\` and try again.`));
  });
}
