// Pillow's Lanczos resampling (libImaging/Resample.c, ImagingResampleInner) for 8-bit RGB, bit for bit:
// a horizontal pass into a temporary image, then a vertical pass, each with coefficients normalised to
// sum 1 and converted to 22-bit fixed point, rounded once per pass. sharp's lanczos3 differs from it
// by up to ~12 levels at edges, so thumbnails are computed here to match Pillow exactly.
import { createPacer } from './abort.js';
import type { RgbImage } from './pillow-reduce.js';

const PRECISION_BITS = 32 - 8 - 2;
const HALF = 1 << (PRECISION_BITS - 1);
const MAX_VALUE = (1 << PRECISION_BITS) * 256;
const LANCZOS_SUPPORT = 3;

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

function lanczos(x: number): number {
  return x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0;
}

interface Coefficients {
  ksize: number;
  /** Fixed-point weights, ksize per output pixel. */
  weights: Int32Array;
  /** First input pixel and number of input pixels, per output pixel. */
  bounds: Int32Array;
}

/** precompute_coeffs + normalize_coeffs_8bpc. in0/in1 are the box edges (C floats). */
function coefficients(inSize: number, in0: number, in1: number, outSize: number): Coefficients {
  const scale = (in1 - in0) / outSize;
  const filterScale = Math.max(scale, 1);
  const support = LANCZOS_SUPPORT * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const weights = new Int32Array(outSize * ksize);
  const bounds = new Int32Array(outSize * 2);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = in0 + (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      const w = lanczos((x + xmin - center + 0.5) * ss);
      k[x] = w;
      total += w;
    }
    for (let x = 0; x < xmax; x++) {
      const v = total !== 0 ? (k[x] as number) / total : (k[x] as number);
      // C's (int) cast truncates towards zero.
      weights[xx * ksize + x] = v < 0 ? Math.trunc(-0.5 + v * (1 << PRECISION_BITS)) : Math.trunc(0.5 + v * (1 << PRECISION_BITS));
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, weights, bounds };
}

function clip8(v: number): number {
  if (v >= MAX_VALUE) return 255;
  if (v <= 0) return 0;
  return v >> PRECISION_BITS;
}

/** Image.im.resize(size, LANCZOS, box) on an RGB image; box = [x0, y0, x1, y1] in input pixels. */
export async function resampleRgb(
  src: RgbImage,
  outW: number,
  outH: number,
  box: readonly [number, number, number, number],
  signal?: AbortSignal,
): Promise<RgbImage> {
  const [x0, y0, x1, y1] = box.map((v) => Math.fround(v)) as [number, number, number, number];
  const needHorizontal = outW !== src.width || x0 !== 0 || x1 !== outW;
  const needVertical = outH !== src.height || y0 !== 0 || y1 !== outH;
  const horizontal = coefficients(src.width, x0, x1, outW);
  const vertical = coefficients(src.height, y0, y1, outH);
  const pacer = createPacer(signal);
  let image = src;
  if (needHorizontal) {
    // Only the rows the vertical pass will read are resampled horizontally.
    const firstRow = vertical.bounds[0] as number;
    const lastRow = (vertical.bounds[outH * 2 - 2] as number) + (vertical.bounds[outH * 2 - 1] as number);
    for (let i = 0; i < outH; i++) vertical.bounds[i * 2] = (vertical.bounds[i * 2] as number) - firstRow;
    image = await horizontalPass(src, outW, firstRow, lastRow - firstRow, horizontal, pacer);
  }
  if (needVertical) image = await verticalPass(image, outH, vertical, pacer);
  return image;
}

async function horizontalPass(
  src: RgbImage, outW: number, firstRow: number, rows: number, c: Coefficients, pacer: { tick(): Promise<void> },
): Promise<RgbImage> {
  const { data, width } = src;
  const { ksize, weights, bounds } = c;
  const out = new Uint8Array(outW * rows * 3);
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const row = (y + firstRow) * width * 3;
    for (let xx = 0; xx < outW; xx++) {
      let k = xx * ksize;
      const end = k + (bounds[xx * 2 + 1] as number);
      let p = row + (bounds[xx * 2] as number) * 3;
      let s0 = HALF;
      let s1 = HALF;
      let s2 = HALF;
      // Math.imul and |0 keep the sums in 32-bit integers, as in C (they never overflow).
      for (; k < end; k++, p += 3) {
        const w = weights[k] as number;
        s0 = (s0 + Math.imul(data[p] as number, w)) | 0;
        s1 = (s1 + Math.imul(data[p + 1] as number, w)) | 0;
        s2 = (s2 + Math.imul(data[p + 2] as number, w)) | 0;
      }
      out[o++] = clip8(s0);
      out[o++] = clip8(s1);
      out[o++] = clip8(s2);
    }
    await pacer.tick();
  }
  return { data: out, width: outW, height: rows };
}

async function verticalPass(src: RgbImage, outH: number, c: Coefficients, pacer: { tick(): Promise<void> }): Promise<RgbImage> {
  const { data, width } = src;
  const { ksize, weights, bounds } = c;
  const stride = width * 3;
  const out = new Uint8Array(stride * outH);
  const sums = new Int32Array(stride);
  // Row by row (accumulating whole input rows) reads memory sequentially; the sums are the same as C's.
  for (let yy = 0; yy < outH; yy++) {
    const ymin = bounds[yy * 2] as number;
    const count = bounds[yy * 2 + 1] as number;
    sums.fill(HALF);
    for (let y = 0; y < count; y++) {
      const w = weights[yy * ksize + y] as number;
      const base = (ymin + y) * stride;
      for (let i = 0; i < stride; i++) sums[i] = ((sums[i] as number) + Math.imul(data[base + i] as number, w)) | 0;
    }
    const o = yy * stride;
    for (let i = 0; i < stride; i++) out[o + i] = clip8(sums[i] as number);
    await pacer.tick();
  }
  return { data: out, width, height: outH };
}
