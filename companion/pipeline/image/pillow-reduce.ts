// Pillow's Image.reduce (libImaging/Reduce.c) for 8-bit RGB: the box pre-shrink Image.resize does
// before Lanczos when reducing_gap is set (Image.thumbnail passes 2.0). Each output pixel is the
// rounded mean of an fx × fy block; blocks cut by the right/bottom edge average what is there
// (ImagingReduceCorners). Pillow divides with a float-derived multiplier, reproduced bit for bit.
import { createPacer } from './abort.js';

export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** division_UINT32(divider, 8): floor(2^32 / (256 * divider)) computed in single precision, as in C. */
function multiplier(divider: number): number {
  return Math.trunc(Math.fround(4294967296 / Math.fround(256 * divider)));
}

export async function reduceRgb(src: RgbImage, fx: number, fy: number, signal?: AbortSignal): Promise<RgbImage> {
  const { data, width, height } = src;
  const outW = Math.ceil(width / fx);
  const outH = Math.ceil(height / fy);
  const out = new Uint8Array(outW * outH * 3);
  const sums = new Float64Array(outW * 3);
  const pacer = createPacer(signal);
  for (let y = 0; y < outH; y++) {
    const y0 = y * fy;
    const y1 = Math.min(y0 + fy, height);
    sums.fill(0);
    for (let yy = y0; yy < y1; yy++) {
      let p = yy * width * 3;
      for (let x = 0, a = 0; x < outW; x++, a += 3) {
        const xEnd = Math.min((x + 1) * fx, width);
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        for (let xx = x * fx; xx < xEnd; xx++, p += 3) {
          s0 += data[p] as number;
          s1 += data[p + 1] as number;
          s2 += data[p + 2] as number;
        }
        sums[a] = (sums[a] as number) + s0;
        sums[a + 1] = (sums[a + 1] as number) + s1;
        sums[a + 2] = (sums[a + 2] as number) + s2;
      }
    }
    let o = y * outW * 3;
    for (let x = 0, a = 0; x < outW; x++, a += 3, o += 3) {
      const count = (Math.min((x + 1) * fx, width) - x * fx) * (y1 - y0);
      const m = multiplier(count);
      const amend = count >> 1;
      // (ss * multiplier) >> 24 in 32-bit unsigned arithmetic; the product stays below 2^32.
      out[o] = Math.floor(((sums[a] as number) + amend) * m / 16777216);
      out[o + 1] = Math.floor(((sums[a + 1] as number) + amend) * m / 16777216);
      out[o + 2] = Math.floor(((sums[a + 2] as number) + amend) * m / 16777216);
    }
    await pacer.tick();
  }
  return { data: out, width: outW, height: outH };
}
