// What an authentication error from the companion means for the user, and whether the stored token is
// now useless. The companion's own message is kept at the end for the details.
import type { StatusView } from '../view-types.js';

export interface DescribedError {
  status: Omit<StatusView, 'targets'>;
  forgetToken: boolean;
}

export function describeAuthError(code: string, detail: string, address: string): DescribedError {
  switch (code) {
    case 'ERR_AUTH_INVALID_TOKEN':
    case 'ERR_AUTH_REQUIRED':
      return {
        forgetToken: true,
        status: {
          state: 'unpaired',
          message: 'The companion does not accept this browser any more (its token was revoked or the companion was reset). Pair again: run `gleaner pair` and enter the code in Gleaner’s options.',
          address,
          paired: false,
        },
      };
    case 'ERR_AUTH_INVALID_CODE':
      return {
        forgetToken: false,
        status: { state: 'unpaired', message: 'The pairing code is wrong or has expired. Run `gleaner pair` for a new one.', address, paired: false },
      };
    case 'ERR_AUTH_RATE_LIMITED':
      return {
        forgetToken: false,
        status: { state: 'refused', message: 'Too many failed attempts: the companion asks to wait a little before trying again.', address, paired: true },
      };
    case 'ERR_AUTH_FORBIDDEN_ORIGIN':
    case 'ERR_AUTH_FORBIDDEN_HOST':
      return {
        forgetToken: false,
        status: { state: 'refused', message: `The companion refused this connection: ${detail}`, address, paired: true },
      };
    case 'ERR_PROTOCOL_VERSION':
      return {
        forgetToken: false,
        status: { state: 'refused', message: `This extension and the companion speak different protocol versions; update the older one. (${detail})`, address, paired: true },
      };
    default:
      return { forgetToken: false, status: { state: 'refused', message: `The companion refused the connection: ${detail}`, address, paired: true } };
  }
}
