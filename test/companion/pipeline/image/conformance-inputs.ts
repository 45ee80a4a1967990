// The inputs of the Pillow conformance test, built deterministically (by our byte writers or by sharp).
// The expected digests in pillow-conformance.test.ts were computed by running Scrapy's convert_image
// with Pillow 9.4 on exactly these bytes (written out once during development).
import sharp from 'sharp';
import {
  cellSamples,
  makeFlatJpeg,
  makeGif,
  makePng,
  patternRgb,
  patternRgba,
  withExifOrientation,
} from './image-fixtures.js';

const PALETTE = [255, 0, 0, 0, 255, 0, 0, 127, 255, 250, 250, 20];

/** 8x8 JPEG blocks for a 64x32 image of 16x16 cells (4 across, 2 down), one tuple per cell. */
function cellBlocks(tuples: ReadonlyArray<readonly number[]>): Array<readonly number[]> {
  const blocks: Array<readonly number[]> = [];
  for (let by = 0; by < 4; by++) {
    for (let bx = 0; bx < 8; bx++) blocks.push(tuples[(by >> 1) * 4 + (bx >> 1)] ?? []);
  }
  return blocks;
}

const CMYK_CELLS = [[0, 0, 0, 0], [30, 100, 200, 50], [255, 255, 255, 255], [128, 0, 255, 200], [255, 0, 0, 0], [0, 255, 0, 0], [0, 0, 255, 0], [200, 200, 200, 100]];
// The reference's example (0,127,255,α=50) → (205,230,255), a fully transparent pixel → white.
const RGBA_CELLS = [[0, 127, 255, 50], [10, 20, 30, 0], [200, 100, 50, 255], [1, 2, 3, 128], [255, 0, 0, 1], [0, 0, 0, 254], [0, 255, 0, 200], [90, 60, 30, 100]];

export async function patternJpeg(width: number, height: number): Promise<Buffer> {
  return sharp(patternRgb(width, height), { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** Every input by name. Sizes are chosen to hit the reduce step (400x300 → 50x38) and odd dimensions. */
export const CONFORMANCE_INPUTS: Record<string, () => Promise<Buffer>> = {
  'rgb-400x300.png': async () => makePng({ width: 400, height: 300, colorType: 2, bitDepth: 8, samples: patternRgb(400, 300) }),
  'rgba-301x203.png': async () => makePng({ width: 301, height: 203, colorType: 6, bitDepth: 8, samples: patternRgba(301, 203) }),
  'rgba-120x80.webp': async () =>
    sharp(patternRgba(120, 80), { raw: { width: 120, height: 80, channels: 4 } }).webp({ lossless: true }).toBuffer(),
  // Lossy WebP with alpha is VP8X + ALPH + VP8 (alpha flag in VP8X); without alpha, a simple VP8 file.
  'rgba-lossy-120x80.webp': async () =>
    sharp(patternRgba(120, 80), { raw: { width: 120, height: 80, channels: 4 } }).webp({ quality: 90 }).toBuffer(),
  'rgb-lossy-120x80.webp': async () =>
    sharp(patternRgb(120, 80), { raw: { width: 120, height: 80, channels: 3 } }).webp({ quality: 90 }).toBuffer(),
  'rgb-333x221.jpg': () => patternJpeg(333, 221),
  'rgb-333x221-orientation-6.jpg': async () => withExifOrientation(await patternJpeg(333, 221), 6),
  'palette-trns-64x32.png': async () =>
    makePng({
      width: 64, height: 32, colorType: 3, bitDepth: 8, palette: PALETTE,
      samples: cellSamples(4, 2, 16, [[0], [1], [2], [3], [3], [2], [1], [0]]), trns: Uint8Array.from([0, 50, 255, 128]),
    }),
  'transparent-64x32.gif': async () =>
    makeGif({ width: 64, height: 32, palette: PALETTE, indices: cellSamples(4, 2, 16, [[0], [1], [2], [3], [3], [2], [1], [0]]), transparentIndex: 1 }),
  // A 32x16 frame at the bottom middle of a 64x32 screen: Pillow shows palette entry 0 around it (libvips: black),
  // or the transparent index (→ white) when there is one.
  'partial-frame-64x32.gif': async () =>
    makeGif({
      width: 64, height: 32, palette: PALETTE, frame: { left: 16, top: 16, width: 32, height: 16 },
      indices: cellSamples(2, 1, 16, [[1], [2]]),
    }),
  'partial-frame-transparent-64x32.gif': async () =>
    makeGif({
      width: 64, height: 32, palette: PALETTE, frame: { left: 16, top: 16, width: 32, height: 16 },
      indices: cellSamples(2, 1, 16, [[1], [2]]), transparentIndex: 3,
    }),
  'grey-palette-64x32.gif': async () =>
    makeGif({
      width: 64, height: 32, palette: [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3],
      indices: cellSamples(4, 2, 16, [[0], [1], [2], [3], [3], [2], [1], [0]]), transparentIndex: 3,
    }),
  'rgba-64x32.png': async () => makePng({ width: 64, height: 32, colorType: 6, bitDepth: 8, samples: cellSamples(4, 2, 16, RGBA_CELLS) }),
  'rgba-64x32.webp': async () =>
    sharp(Buffer.from(cellSamples(4, 2, 16, RGBA_CELLS)), { raw: { width: 64, height: 32, channels: 4 } }).webp({ lossless: true }).toBuffer(),
  // TIFF is handled best-effort (mode from sharp's metadata): RGBA is not composited (not PNG/WEBP).
  'rgba-64x32.tif': async () =>
    sharp(Buffer.from(cellSamples(4, 2, 16, RGBA_CELLS)), { raw: { width: 64, height: 32, channels: 4 } }).tiff({ compression: 'lzw' }).toBuffer(),
  'grey-64x32.tif': async () =>
    sharp(Buffer.from(cellSamples(4, 2, 16, [[17], [240], [128], [64], [0], [255], [1], [100]])), { raw: { width: 64, height: 32, channels: 1 } })
      .tiff({ compression: 'lzw' }).toBuffer(),
  'cmyk-adobe-64x32.jpg': async () => makeFlatJpeg({ width: 64, height: 32, components: 4, adobeTransform: 0, blocks: cellBlocks(CMYK_CELLS) }),
  'cmyk-plain-64x32.jpg': async () => makeFlatJpeg({ width: 64, height: 32, components: 4, blocks: cellBlocks(CMYK_CELLS) }),
  'grey-comment-64x32.jpg': async () =>
    makeFlatJpeg({
      width: 64, height: 32, components: 1, comment: 'kept by Pillow',
      blocks: cellBlocks([[17], [240], [128], [64], [0], [255], [1], [100]]),
    }),
  'grey1-64x32.png': async () => makePng({ width: 64, height: 32, colorType: 0, bitDepth: 1, samples: cellSamples(4, 2, 16, [[0], [1], [1], [0], [1], [0], [0], [1]]) }),
  'grey2-64x32.png': async () => makePng({ width: 64, height: 32, colorType: 0, bitDepth: 2, samples: cellSamples(4, 2, 16, [[0], [1], [2], [3], [3], [2], [1], [0]]) }),
  'grey16-64x32.png': async () =>
    makePng({ width: 64, height: 32, colorType: 0, bitDepth: 16, samples: cellSamples(4, 2, 16, [[1000], [100], [65535], [0], [255], [256], [30000], [7]]) }),
  'la8-64x32.png': async () =>
    makePng({ width: 64, height: 32, colorType: 4, bitDepth: 8, samples: cellSamples(4, 2, 16, [[77, 0], [200, 128], [10, 255], [250, 30], [0, 0], [128, 128], [255, 255], [60, 10]]) }),
  'la16-64x32.png': async () =>
    makePng({
      width: 64, height: 32, colorType: 4, bitDepth: 16,
      samples: cellSamples(4, 2, 16, [[0x4d00, 0], [0xc8ff, 0x8000], [0x0a00, 0xffff], [0xfa00, 0x1e00], [0, 0], [0x8000, 0x8000], [0xffff, 0xffff], [0x3c00, 0x0a00]]),
    }),
  'rgb16-64x32.png': async () =>
    makePng({
      width: 64, height: 32, colorType: 2, bitDepth: 16,
      samples: cellSamples(4, 2, 16, [[0x1234, 0xabcd, 0xff80], [0x00ff, 0x0180, 0x7f7f], [0xffff, 0, 0x8000], [1, 2, 3], [0x4000, 0x4000, 0x4000], [0xfeff, 0x0100, 0x00ff], [0x9999, 0x6666, 0x3333], [0, 0, 0]]),
    }),
  'rgba16-64x32.png': async () =>
    makePng({
      width: 64, height: 32, colorType: 6, bitDepth: 16,
      samples: cellSamples(4, 2, 16, [[0x1234, 0xabcd, 0xff00, 0x8000], [0x00ff, 0x0100, 0xfeff, 0xffff], [0, 0x7fff, 0xffff, 0x3200], [0xffff, 0, 0, 0], [0x8000, 0x8000, 0x8000, 0x8000], [0, 0, 0, 0xffff], [0x2000, 0x4000, 0x6000, 0x0100], [0xffff, 0xffff, 0xffff, 0x7f00]]),
    }),
  'rgb-trns-64x32.png': async () =>
    makePng({
      width: 64, height: 32, colorType: 2, bitDepth: 8, trns: Uint8Array.from([0, 10, 0, 20, 0, 30]),
      samples: cellSamples(4, 2, 16, [[10, 20, 30], [40, 50, 60], [10, 20, 30], [200, 100, 0], [0, 0, 0], [255, 255, 255], [10, 20, 30], [90, 90, 90]]),
    }),
};
