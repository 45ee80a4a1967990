// Seeded randomness for the benchmark corpus. Two sources, both pure functions of the seed, so the
// same corpus version and scale always produce the same bytes (and the cache key stays honest):
// - Rng (mulberry32) for the many small decisions: sizes, colours, kinds, shuffles.
// - keystream() (AES-256-CTR over zeros) for bulk bytes: noise for pixels and the bodies of the
//   plain files. A JavaScript PRNG loop would take seconds per GB; OpenSSL's AES runs at GB/s and
//   is just as deterministic for a fixed key and counter.
import { createCipheriv, createHash } from 'node:crypto';

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Log-uniform in [min, max]: small values are as likely per octave as large ones, as on real sites. */
  logUniform(min: number, max: number): number {
    return Math.round(Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min))));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Derives an independent generator, so adding a draw in one place does not shift every later file. */
  fork(label: string): Rng {
    return new Rng(createHash('sha256').update(`${this.state}:${label}`).digest().readUInt32LE(0));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** A deterministic byte stream for `label`: call the returned function for the next `n` bytes. */
export function keystream(seed: number, label: string): (n: number) => Buffer {
  const key = createHash('sha256').update(`gleaner-bench:${seed}:${label}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return (n) => cipher.update(Buffer.alloc(n));
}
