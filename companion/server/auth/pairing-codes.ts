// Live pairing codes, in the daemon's memory only (never on disk): a code is created on request of the
// local admin (`gleaner pair`, the start banner), expires after a few minutes and is consumed by the
// first hello that presents it. Lookup walks every live code with a constant-time comparison so the
// answer's timing says nothing about how close a guess was.
import { generatePairingCode, normalizePairingCode, safeEqual } from './secrets.js';

interface LiveCode {
  normalized: string;
  expiresAt: number;
}

export class PairingCodes {
  private codes: LiveCode[] = [];
  // A handful is plenty (one per pairing in progress); more would only widen the target for guesses.
  private static readonly MAX_LIVE = 5;

  constructor(private readonly ttlSeconds: number, private readonly now: () => number = Date.now) {}

  create(): { code: string; expiresAt: number; ttlSeconds: number } {
    this.prune();
    const code = generatePairingCode();
    const expiresAt = this.now() + this.ttlSeconds * 1000;
    this.codes.push({ normalized: normalizePairingCode(code), expiresAt });
    while (this.codes.length > PairingCodes.MAX_LIVE) this.codes.shift();
    return { code, expiresAt, ttlSeconds: this.ttlSeconds };
  }

  /** True once for a live code; the code is gone afterwards. */
  consume(input: string): boolean {
    this.prune();
    const candidate = normalizePairingCode(input);
    let match = -1;
    this.codes.forEach((live, i) => {
      if (safeEqual(live.normalized, candidate) && match === -1) match = i;
    });
    if (match === -1) return false;
    this.codes.splice(match, 1);
    return true;
  }

  get size(): number {
    this.prune();
    return this.codes.length;
  }

  private prune(): void {
    const now = this.now();
    this.codes = this.codes.filter((code) => code.expiresAt > now);
  }
}
