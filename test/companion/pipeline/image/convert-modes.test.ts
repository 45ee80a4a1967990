// Rule 21 by Pillow mode, checked on the decoded output: each input is a 64x32 image of eight 16x16
// flat cells, and the centre of each cell must have the colour Pillow's convert_image gives it (read
// from Pillow 9.4 before JPEG encoding), within ±3 for JPEG error. The wrong conversions are far off:
// black instead of white under transparency, 16-bit grey scaled (1000 → 3) instead of clipped (→ 255),
// ICC/un-inverted CMYK, alpha composited where Pillow drops it (LA, RGB + tRNS, 'L' GIF).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { processImage } from '../../../../companion/pipeline/image/process-image.js';
import { CONFORMANCE_INPUTS } from './conformance-inputs.js';

const TOLERANCE = 3;

// name: Pillow's mode on open, and the RGB of each cell after convert_image (row by row).
const PILLOW_CELLS: Record<string, { mode: string; cells: number[][] }> = {
  'cmyk-adobe-64x32.jpg': { mode: 'CMYK', cells: [[0, 0, 0], [6, 20, 39], [255, 255, 255], [100, 0, 200], [0, 0, 0], [0, 0, 0], [0, 0, 0], [78, 78, 78]] },
  'cmyk-plain-64x32.jpg': { mode: 'CMYK', cells: [[0, 0, 0], [6, 20, 39], [255, 255, 255], [100, 0, 200], [0, 0, 0], [0, 0, 0], [0, 0, 0], [78, 78, 78]] },
  'grey-64x32.tif': { mode: 'RGB', cells: [[17, 17, 17], [240, 240, 240], [128, 128, 128], [64, 64, 64], [0, 0, 0], [255, 255, 255], [1, 1, 1], [100, 100, 100]] },
  'grey-comment-64x32.jpg': { mode: 'L', cells: [[17, 17, 17], [240, 240, 240], [128, 128, 128], [64, 64, 64], [0, 0, 0], [255, 255, 255], [1, 1, 1], [100, 100, 100]] },
  'grey-palette-64x32.gif': { mode: 'L', cells: [[0, 0, 0], [1, 1, 1], [2, 2, 2], [3, 3, 3], [3, 3, 3], [2, 2, 2], [1, 1, 1], [0, 0, 0]] },
  'grey1-64x32.png': { mode: '1', cells: [[0, 0, 0], [255, 255, 255], [255, 255, 255], [0, 0, 0], [255, 255, 255], [0, 0, 0], [0, 0, 0], [255, 255, 255]] },
  'grey16-64x32.png': { mode: 'I', cells: [[255, 255, 255], [100, 100, 100], [255, 255, 255], [0, 0, 0], [255, 255, 255], [255, 255, 255], [255, 255, 255], [7, 7, 7]] },
  'grey2-64x32.png': { mode: 'L', cells: [[0, 0, 0], [85, 85, 85], [170, 170, 170], [255, 255, 255], [255, 255, 255], [170, 170, 170], [85, 85, 85], [0, 0, 0]] },
  'la16-64x32.png': { mode: 'RGBA', cells: [[255, 255, 255], [227, 227, 227], [10, 10, 10], [254, 254, 254], [255, 255, 255], [191, 191, 191], [255, 255, 255], [247, 247, 247]] },
  'la8-64x32.png': { mode: 'LA', cells: [[77, 77, 77], [200, 200, 200], [10, 10, 10], [250, 250, 250], [0, 0, 0], [128, 128, 128], [255, 255, 255], [60, 60, 60]] },
  'palette-trns-64x32.png': { mode: 'P', cells: [[255, 255, 255], [205, 255, 205], [0, 127, 255], [252, 252, 137], [252, 252, 137], [0, 127, 255], [205, 255, 205], [255, 255, 255]] },
  'partial-frame-64x32.gif': { mode: 'P', cells: [[255, 0, 0], [255, 0, 0], [255, 0, 0], [255, 0, 0], [255, 0, 0], [0, 255, 0], [0, 127, 255], [255, 0, 0]] },
  'partial-frame-transparent-64x32.gif': { mode: 'P', cells: [[255, 255, 255], [255, 255, 255], [255, 255, 255], [255, 255, 255], [255, 255, 255], [0, 255, 0], [0, 127, 255], [255, 255, 255]] },
  'rgb-trns-64x32.png': { mode: 'RGB', cells: [[10, 20, 30], [40, 50, 60], [10, 20, 30], [200, 100, 0], [0, 0, 0], [255, 255, 255], [10, 20, 30], [90, 90, 90]] },
  'rgb16-64x32.png': { mode: 'RGB', cells: [[18, 171, 255], [0, 1, 127], [255, 0, 128], [0, 0, 0], [64, 64, 64], [254, 1, 0], [153, 102, 51], [0, 0, 0]] },
  'rgba-64x32.png': { mode: 'RGBA', cells: [[205, 230, 255], [255, 255, 255], [200, 100, 50], [128, 128, 129], [255, 254, 254], [1, 1, 1], [55, 255, 55], [190, 179, 167]] },
  'rgba-64x32.tif': { mode: 'RGBA', cells: [[0, 127, 255], [10, 20, 30], [200, 100, 50], [1, 2, 3], [255, 0, 0], [0, 0, 0], [0, 255, 0], [90, 60, 30]] },
  'rgba-64x32.webp': { mode: 'RGBA', cells: [[205, 230, 255], [255, 255, 255], [200, 100, 50], [128, 128, 129], [255, 254, 254], [1, 1, 1], [55, 255, 55], [190, 179, 167]] },
  'rgba16-64x32.png': { mode: 'RGBA', cells: [[136, 213, 255], [0, 1, 254], [205, 230, 255], [255, 255, 255], [191, 191, 191], [0, 0, 0], [254, 254, 254], [255, 255, 255]] },
  'transparent-64x32.gif': { mode: 'P', cells: [[255, 0, 0], [255, 255, 255], [0, 127, 255], [250, 250, 20], [250, 250, 20], [0, 127, 255], [255, 255, 255], [255, 0, 0]] },
};

async function cellCentres(jpeg: Buffer): Promise<number[][]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.channels, 3);
  const cells: number[][] = [];
  for (let cy = 0; cy < 2; cy++) {
    for (let cx = 0; cx < 4; cx++) {
      const o = ((cy * 16 + 8) * info.width + cx * 16 + 8) * 3;
      cells.push([data[o] as number, data[o + 1] as number, data[o + 2] as number]);
    }
  }
  return cells;
}

describe('conversion to RGB by Pillow mode', () => {
  for (const [name, { mode, cells }] of Object.entries(PILLOW_CELLS)) {
    it(`${name} (mode ${mode})`, async () => {
      const make = CONFORMANCE_INPUTS[name];
      assert.ok(make);
      const result = await processImage({ buffer: await make() }, { minWidth: 0, minHeight: 0, thumbs: {}, maxPixels: 1e7 });
      assert.equal(result.full.passthrough, false);
      assert.deepEqual([result.full.width, result.full.height], [64, 32]);
      const actual = await cellCentres(result.full.data);
      cells.forEach((expected, i) => {
        const got = actual[i] as number[];
        const off = Math.max(...expected.map((v, c) => Math.abs(v - (got[c] as number))));
        assert.ok(off <= TOLERANCE, `cell ${i}: expected ${expected.join(',')} got ${got.join(',')}`);
      });
    });
  }
});
