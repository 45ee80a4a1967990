// Two places where libvips' GIF decoding differs from Pillow's first-frame rules (GifImagePlugin):
//  - mode 'L' (identity grey palette): Pillow keeps palette indices as grey values and drops the
//    transparency, so a transparent pixel shows its index (the transparent index); libvips gives it
//    alpha 0 and RGB 0. Outside the first frame Pillow uses the transparent index too, or 0.
//  - mode 'P' without transparency: outside the first frame's rectangle Pillow shows palette entry 0,
//    libvips shows black.
import type { RawPixels } from './decode-pixels.js';
import type { GifFrameInfo } from './source-info.js';

/** For an 'L' GIF: give pixels libvips made transparent the grey value Pillow reads. Before conversion. */
export function restoreTransparentGrey(raw: RawPixels, gif: GifFrameInfo): void {
  if (raw.channels !== 4 || raw.bitDepth !== 8) return;
  const value = gif.transparentIndex ?? 0;
  const { data } = raw;
  for (let s = 0; s < data.length; s += 4) {
    if (data[s + 3] === 0) {
      data[s] = value;
      data[s + 1] = value;
      data[s + 2] = value;
    }
  }
}

/** For a 'P' GIF without transparency: paint palette entry 0 outside the first frame. After conversion. */
export function fillOutsideFirstFrame(rgb: Buffer, width: number, height: number, gif: GifFrameInfo): void {
  if (gif.transparentIndex !== undefined || !gif.colour0) return;
  const x0 = Math.min(gif.left, width);
  const y0 = Math.min(gif.top, height);
  const x1 = Math.min(gif.left + gif.width, width);
  const y1 = Math.min(gif.top + gif.height, height);
  if (x0 === 0 && y0 === 0 && x1 === width && y1 === height) return;
  const [r, g, b] = gif.colour0;
  for (let y = 0; y < height; y++) {
    const inside = y >= y0 && y < y1;
    for (let x = 0; x < width; x++) {
      if (inside && x >= x0 && x < x1) continue;
      const o = (y * width + x) * 3;
      rgb[o] = r;
      rgb[o + 1] = g;
      rgb[o + 2] = b;
    }
  }
}
