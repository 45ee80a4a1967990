// thumbnailSize against Image.thumbnail: every row was produced by Pillow 9.4
// (Image.new('L', (w, h)).thumbnail((bw, bh), LANCZOS); im.size).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { thumbnailSize } from '../../../../companion/pipeline/image/thumbnail-size.js';

// [width, height, boxW, boxH, expectedW, expectedH]
const PILLOW_SIZES: ReadonlyArray<readonly [number, number, number, number, number, number]> = [
  // The examples of the reference (rule 22).
  [400, 300, 50, 50, 50, 38],
  [400, 300, 270, 270, 270, 203],
  [120, 300, 50, 50, 20, 50],
  [300, 100, 50, 50, 50, 17],
  [101, 100, 50, 50, 50, 50],
  [199, 100, 50, 50, 50, 25],
  // Already within the box (never upscaled), exactly the box, one side over.
  [110, 110, 50, 50, 50, 50],
  [50, 50, 50, 50, 50, 50],
  [49, 60, 50, 50, 41, 50],
  [40, 40, 50, 50, 40, 40],
  [40, 40, 270, 270, 40, 40],
  // Extreme aspects (minimum 1), ties (→ floor) and the asymmetric key of the height branch.
  [1000, 1, 50, 50, 50, 1],
  [1, 1000, 50, 50, 1, 50],
  [3, 2, 10, 1, 1, 1],
  [5, 2, 100, 1, 2, 1],
  [10, 4, 5, 100, 5, 2],
  [2, 5, 1, 100, 1, 3],
  [7, 3, 2, 2, 2, 1],
  [5, 3, 4, 4, 4, 2],
  // Assorted, including random sizes.
  [3000, 2000, 1000, 120, 180, 120],
  [640, 480, 100, 30, 40, 30],
  [333, 221, 50, 50, 50, 33],
  [221, 333, 270, 270, 179, 270],
  [1001, 999, 500, 500, 500, 499],
  [2552, 1047, 368, 543, 368, 151],
  [119, 1908, 256, 54, 3, 54],
  [643, 464, 381, 481, 381, 275],
  [1010, 1560, 557, 105, 68, 105],
  [2351, 1022, 14, 222, 14, 6],
  [1672, 1145, 187, 399, 187, 128],
  [654, 295, 143, 456, 143, 65],
  [519, 542, 2, 6, 2, 2],
  [858, 883, 170, 171, 166, 171],
  [1185, 1285, 204, 553, 204, 221],
  [2777, 2563, 210, 187, 203, 187],
  [2829, 807, 393, 306, 393, 112],
];

describe('thumbnailSize (Pillow thumbnail rounding)', () => {
  for (const [w, h, bw, bh, ew, eh] of PILLOW_SIZES) {
    it(`${w}x${h} in ${bw}x${bh} → ${ew}x${eh}`, () => {
      assert.deepEqual(thumbnailSize(w, h, bw, bh), { width: ew, height: eh });
    });
  }
});
