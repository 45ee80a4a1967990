// Token and pairing-code primitives. Tokens are 32 random bytes (base64url, "glt_" prefix so leaked
// ones are easy to grep for) and only their SHA-256 is ever stored. Pairing codes are short enough to
// type — 8 characters of Crockford base32, 40 bits — and safe because they live minutes, work once,
// and failed guesses are slowed down. All comparisons are constant-time.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const TOKEN_PREFIX = 'glt_';

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** "sha256:<hex>" of the token, the only form that is written to disk. */
export function hashToken(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}

/** Constant-time equality of two strings (different lengths compare unequal without an early exit on content). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // Compare against itself when lengths differ so the time does not depend on where they differ.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

// Crockford's alphabet: no I, L, O, U, so what a user reads is what they type.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PAIRING_CODE_LENGTH = 8;

/** A new code, shown as "ABCD-EFGH". */
export function generatePairingCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Case, spaces and dashes do not matter; O/I/L are read as 0/1/1 as Crockford intends. */
export function normalizePairingCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export function newClientId(): string {
  return `c_${randomBytes(6).toString('hex')}`;
}
