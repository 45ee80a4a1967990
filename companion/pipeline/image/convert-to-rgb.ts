// Pillow's convert_image on raw samples (rule 21), with Pillow's integer arithmetic so the bytes match:
//  - composite (RGBA PNG/WEBP, palette images): paste onto opaque white with the alpha as mask, per
//    channel BLEND = DIV255(255 * (255 - a) + c * a), DIV255(x) = ((t >> 8) + t) >> 8 with t = x + 128;
//  - otherwise alpha is dropped (LA, RGB with a tRNS colour key, TIFF RGBA);
//  - CMYK: Pillow's naive cmyk2rgb, R = nk - MULDIV255(C, nk) with nk = 255 - K (no ICC);
//  - 16-bit: grey 'I' is clipped at 255 (1000 → 255, 100 → 100); other 16-bit samples keep the high byte.
// Work happens in place where the output is no bigger than the input, so a large image never needs a
// second full-size buffer.
import type { RawPixels } from './decode-pixels.js';
import type { SampleLayout } from './source-info.js';

export interface ConversionPlan {
  layout: SampleLayout;
  composite: boolean;
  /** Pillow mode 'I' (16-bit grey PNG): clip instead of taking the high byte. */
  clip16: boolean;
}

// BLEND[a << 8 | c] = the channel value after compositing c with alpha a onto white.
let blendTable: Uint8Array | undefined;
function blendOnWhite(): Uint8Array {
  if (blendTable) return blendTable;
  blendTable = new Uint8Array(65536);
  for (let a = 0; a < 256; a++) {
    for (let c = 0; c < 256; c++) {
      const x = 255 * (255 - a) + c * a + 128;
      blendTable[(a << 8) | c] = ((x >> 8) + x) >> 8;
    }
  }
  return blendTable;
}

function mulDiv255(a: number, b: number): number {
  const x = a * b + 128;
  return ((x >> 8) + x) >> 8;
}

/** Returns 3-channel 8-bit RGB; may reuse (and overwrite) `raw.data`. */
export function convertToRgb(raw: RawPixels, plan: ConversionPlan): Buffer {
  const pixels = raw.width * raw.height;
  if (plan.layout === 'cmyk') return cmykToRgb(raw.data, pixels, raw.channels);
  if (raw.bitDepth === 16) return sixteenToRgb(raw, pixels, plan);
  if (plan.layout === 'grey') return greyToRgb(raw.data, pixels, raw.channels, plan.composite);
  return rgbToRgb(raw.data, pixels, raw.channels, plan.composite);
}

function rgbToRgb(data: Buffer, pixels: number, channels: number, composite: boolean): Buffer {
  if (channels === 3) return data;
  // Pixel i is read before it is written and the write offset never passes the read offset, so both
  // loops can work in place.
  if (composite && channels === 4) {
    const blend = blendOnWhite();
    for (let s = 0, o = 0; o < pixels * 3; s += 4, o += 3) {
      const a = (data[s + 3] as number) << 8;
      data[o] = blend[a | (data[s] as number)] as number;
      data[o + 1] = blend[a | (data[s + 1] as number)] as number;
      data[o + 2] = blend[a | (data[s + 2] as number)] as number;
    }
  } else {
    for (let s = 0, o = 0; o < pixels * 3; s += channels, o += 3) {
      data[o] = data[s] as number;
      data[o + 1] = data[s + 1] as number;
      data[o + 2] = data[s + 2] as number;
    }
  }
  return data.subarray(0, pixels * 3);
}

function greyToRgb(data: Buffer, pixels: number, channels: number, composite: boolean): Buffer {
  const out = Buffer.allocUnsafe(pixels * 3);
  const blend = blendOnWhite();
  const withAlpha = composite && channels === 2;
  for (let i = 0, s = 0, o = 0; i < pixels; i++, s += channels, o += 3) {
    const g = withAlpha ? (blend[((data[s + 1] as number) << 8) | (data[s] as number)] as number) : (data[s] as number);
    out[o] = g;
    out[o + 1] = g;
    out[o + 2] = g;
  }
  return out;
}

function sixteenToRgb(raw: RawPixels, pixels: number, plan: ConversionPlan): Buffer {
  const { data, channels } = raw;
  // sharp hands over native-endian 16-bit samples; a misaligned view would throw, so copy if needed.
  const aligned = data.byteOffset % 2 === 0 ? data : Buffer.from(data);
  const samples = new Uint16Array(aligned.buffer, aligned.byteOffset, pixels * channels);
  const grey = plan.layout === 'grey';
  const colours = grey ? 1 : 3;
  const hasAlpha = channels > colours;
  const blend = blendOnWhite();
  const toByte = plan.clip16 ? (v: number) => (v > 255 ? 255 : v) : (v: number) => v >> 8;
  // Grey input has fewer bytes per pixel than RGB output, so it needs its own buffer; RGB(A) does not.
  const out = grey && channels < 2 ? Buffer.allocUnsafe(pixels * 3) : aligned;
  for (let i = 0, s = 0, o = 0; i < pixels; i++, s += channels, o += 3) {
    const r = toByte(samples[s] as number);
    const g = grey ? r : toByte(samples[s + 1] as number);
    const b = grey ? r : toByte(samples[s + 2] as number);
    if (plan.composite && hasAlpha) {
      const a = ((samples[s + colours] as number) >> 8) << 8;
      out[o] = blend[a | r] as number;
      out[o + 1] = blend[a | g] as number;
      out[o + 2] = blend[a | b] as number;
    } else {
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    }
  }
  return out.subarray(0, pixels * 3);
}

function cmykToRgb(data: Buffer, pixels: number, channels: number): Buffer {
  for (let i = 0, s = 0, o = 0; i < pixels; i++, s += channels, o += 3) {
    const nk = 255 - (data[s + 3] as number);
    const c = data[s] as number;
    const m = data[s + 1] as number;
    const y = data[s + 2] as number;
    data[o] = nk - mulDiv255(c, nk);
    data[o + 1] = nk - mulDiv255(m, nk);
    data[o + 2] = nk - mulDiv255(y, nk);
  }
  return data.subarray(0, pixels * 3);
}
